/* 全文检索 — substring search, like Ctrl+F, over Pagefind indexes.
 *
 * The build indexes a copy of each page with every letter and digit as a word of its own
 * and "¦" between runs (admin/build/searchtext.py). A query is split the same way and run
 * as a quoted phrase, so a page is found exactly when its text contains the query; a
 * second, unquoted search only orders the hits. The pages are cut into disjoint shards,
 * one per section and year (or per section); search/index/bundles.json lists them. A
 * query merges the shards its filters choose (Pagefind's mergeIndex, which shares the
 * first shard's WebAssembly module): all of them, a section's, a year's, or one.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  var WORD_CHAR = /[\p{L}\p{N}]/u;
  var EXCERPT_WORDS = 40;
  /* How far before the first match an excerpt may start, looking for a boundary. */
  var EXCERPT_LEAD = 20;
  var GAP = "\u00a6";
  /* A word ending a clause: an excerpt may start after it. Not "-", "/", ":" or ".",
     which join the parts of dates, numbers and codes. */
  var CLAUSE_END = /[，。；：、！？）」』】》”,;!?)]$/;
  var box = document.getElementById("search");
  if (!box || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var sectionSelect = document.getElementById("search-section");
  var yearSelect = document.getElementById("search-year");
  var statusLine = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var indexBase = new URL(box.getAttribute("data-index"), document.baseURI).href;
  var root = box.getAttribute("data-root") || "";
  var bundles = null;
  var loaded = {};
  var moduleLoaded = null;
  var current = { hits: [], shown: 0, run: 0 };

  /* Split a query into runs of letters and digits, as the indexer does. */
  function runsOf(text) {
    return text
      .normalize("NFKC")
      .split(/\s+/)
      .map(function (run) {
        return Array.from(run)
          .filter(function (ch) { return WORD_CHAR.test(ch); })
          .join("");
      })
      .filter(function (run) { return run.length > 0; });
  }

  function spaced(run) {
    return Array.from(run).join(" ");
  }

  /* The shards a filter choice needs, in a fixed order (the listing's, sorted by name). */
  function shardsFor(section, year) {
    return Object.keys(bundles.shards).sort().filter(function (name) {
      var shard = bundles.shards[name];
      return (!section || shard.section === section) && (!year || shard.year === year);
    });
  }

  /* Paths end in "/": Pagefind skips a merged index whose path is a prefix of the first's. */
  function shardPath(name) {
    return indexBase + name + "/";
  }

  /* One Pagefind instance per choice of shards: the first is primary, the others merged. */
  function loadShards(names) {
    var key = names.join(" ");
    if (!loaded[key]) {
      loaded[key] = loadModule(names[0]).then(async function (module) {
        var pagefind = module.createInstance({ basePath: shardPath(names[0]) });
        await pagefind.options({ excerptLength: EXCERPT_WORDS });
        // Started together, registered in this order (ties in score keep it): no waterfall.
        await Promise.all(names.slice(1).map(function (name) {
          return pagefind.mergeIndex(shardPath(name));
        }));
        return pagefind;
      }).catch(function (error) {
        delete loaded[key];  // try again on the next query, e.g. after a network error
        moduleLoaded = null;
        throw error;
      });
    }
    return loaded[key];
  }

  /* Pagefind's script is the same in every shard: import it once, from the first used. */
  function loadModule(name) {
    if (!moduleLoaded) {
      moduleLoaded = import(shardPath(name) + "pagefind.js");
    }
    return moduleLoaded;
  }

  /* Return the hits for a query, best first: pages that contain every run of it. */
  async function find(runs, section, year) {
    var names = shardsFor(section, year);
    if (!names.length) {
      return [];
    }
    var pagefind = await loadShards(names);
    var hits = null;
    for (var i = 0; i < runs.length; i++) {
      var found = await pagefind.search('"' + spaced(runs[i]) + '"');
      if (hits === null) {
        hits = found.results;
      } else {
        var ids = new Set(found.results.map(function (r) { return r.id; }));
        hits = hits.filter(function (r) { return ids.has(r.id); });
      }
      if (!hits.length) {
        return [];
      }
    }
    var ranked = (await pagefind.search(runs.map(spaced).join(" "))).results;
    var rank = new Map(ranked.map(function (r, index) { return [r.id, index]; }));
    return hits
      .map(function (r, index) {
        return [r, rank.has(r.id) ? rank.get(r.id) : ranked.length + index];
      })
      .sort(function (a, b) { return a[1] - b[1]; })
      .map(function (pair) { return pair[0]; });
  }

  /* Pagefind centres its excerpt on the matches and may start it at any word; here every
     character is a word, so it cut dates and codes in half (「21-04-19 检查情况」). Start
     instead where the field or clause holding the first match starts, or at the match. */
  function excerptOf(page) {
    var words = (page.raw_content || "").split(/[\r\n\s]+/g);
    var locations = (page.locations || []).slice().sort(function (a, b) { return a - b; });
    if (!locations.length || !words.length) {
      return page.excerpt || "";
    }
    var start = excerptStart(words, locations[0]);
    var marked = new Set(locations);
    return words.slice(start, start + EXCERPT_WORDS).map(function (word, index) {
      return marked.has(start + index) ? "<mark>" + word + "</mark>" : word;
    }).join(" ");
  }

  function excerptStart(words, first) {
    for (var start = first; start > 0 && first - start <= EXCERPT_LEAD; start--) {
      var before = words[start - 1];
      if (!before || before === GAP || CLAUSE_END.test(before)) {
        return start;
      }
    }
    return start === 0 ? 0 : first;
  }

  /* Undo the indexer's spacing in an excerpt; build it as text nodes and <mark>s only. */
  function appendExcerpt(parent, excerpt) {
    var pattern = /<mark>([\s\S]*?)<\/mark>|([^<]+)|<[^>]*>/g;
    var match;
    var pieces = [];
    while ((match = pattern.exec(excerpt)) !== null) {
      if (match[1] !== undefined) {
        pieces.push({ mark: true, text: match[1] });
      } else if (match[2] !== undefined) {
        pieces.push({ mark: false, text: match[2] });
      }
    }
    pieces.forEach(function (piece) {
      var text = decode(piece.text)
        .replace(/\s*\u00a6\s*/g, "\u0000")
        .replace(/\s+/g, "")
        .replace(/\u0000/g, " ");
      if (!text) { return; }
      if (piece.mark) {
        var mark = document.createElement("mark");
        mark.textContent = text;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(text));
      }
    });
  }

  function decode(text) {
    return text
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"")
      .replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  }

  async function showMore(run) {
    var slice = current.hits.slice(current.shown, current.shown + PAGE_SIZE);
    var pages = await Promise.all(slice.map(function (hit) { return hit.data(); }));
    if (run !== current.run) { return; }
    pages.forEach(function (page) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + page.url.replace(/^\/+/, "");
      link.textContent = (page.meta && page.meta.title) || page.url;
      var excerpt = document.createElement("p");
      excerpt.className = "excerpt";
      appendExcerpt(excerpt, excerptOf(page));
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    current.shown += slice.length;
    more.hidden = current.shown >= current.hits.length;
  }

  function say(text, state) {
    statusLine.textContent = text;
    box.setAttribute("data-state", state);
  }

  async function search() {
    var query = input.value.trim();
    var run = ++current.run;
    list.textContent = "";
    more.hidden = true;
    current.hits = [];
    current.shown = 0;
    list.removeAttribute("data-count");
    var runs = runsOf(query);
    if (!runs.length) {
      say(query ? "请输入汉字、字母或数字。" : "", "idle");
      return;
    }
    say("正在检索……", "busy");
    try {
      var hits = await find(runs, sectionSelect.value, yearSelect.value);
      if (run !== current.run) { return; }
      current.hits = hits;
      list.setAttribute("data-count", String(hits.length));
      if (!hits.length) {
        say("没有找到包含“" + query + "”的页面。", "done");
        return;
      }
      await showMore(run);
      if (run !== current.run) { return; }
      say("找到 " + hits.length + " 个包含“" + query + "”的页面。", "done");
    } catch (error) {
      if (run !== current.run) { return; }
      say("检索暂时不可用（从本地文件打开时无法检索），请查阅下面的栏目目录。", "error");
    }
  }

  function addOptions(select, options) {
    options.forEach(function (option) {
      var element = document.createElement("option");
      element.value = option.value;
      element.textContent = option.label;
      select.appendChild(element);
    });
  }

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    sectionSelect.value = params.get("section") || "";
    yearSelect.value = params.get("year") || "";
  }

  function writeAddress() {
    var params = new URLSearchParams();
    if (input.value.trim()) { params.set("q", input.value.trim()); }
    if (sectionSelect.value) { params.set("section", sectionSelect.value); }
    if (yearSelect.value) { params.set("year", yearSelect.value); }
    var query = params.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }

  function start(listing) {
    bundles = listing;
    addOptions(sectionSelect, listing.sections.map(function (s) {
      return { value: s.id, label: s.label };
    }));
    addOptions(yearSelect, listing.years.map(function (y) {
      return { value: y, label: y + " 年" };
    }));
    readAddress();
    form.hidden = false;
    document.getElementById("search-nojs").hidden = true;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      writeAddress();
      search();
    });
    [sectionSelect, yearSelect].forEach(function (select) {
      select.addEventListener("change", function () {
        if (input.value.trim()) {
          writeAddress();
          search();
        }
      });
    });
    more.addEventListener("click", function () { showMore(current.run); });
    box.setAttribute("data-ready", "true");
    if (input.value.trim()) {
      search();
    }
  }

  fetch(indexBase + "bundles.json")
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(start)
    .catch(function () {
      say("检索暂时不可用（从本地文件打开时无法检索），请查阅下面的栏目目录。", "error");
    });
}());
