/* 全文检索 — substring search, like Ctrl+F, over Pagefind indexes.
 *
 * The build indexes a copy of each page with every letter and digit as a word of its own
 * and "¦" between runs (admin/freeze/searchtext.py). A query is split the same way and run
 * as a quoted phrase, so a page is found exactly when its text contains the query; a
 * second, unquoted search only orders the hits. The pages are cut into disjoint shards,
 * one per section and year (or quarter, or month; or per section); search/index/
 * bundles.json lists them. A filter choice (all sections, a section, a year, both) picks
 * its shards and searches them progressively, newest first: the shards without a year,
 * then by year and the middle of the period descending, in batches of about BATCH_PAGES
 * pages (each batch twice the last, so a rare term needs few rounds). One Pagefind
 * instance per choice merges each further batch (mergeIndex, sharing the first shard's
 * WebAssembly module); searching stops once a page of results is found, and the reader
 * asks for the rest. At county scale this keeps a phone's first search within 300 KB
 * (issue 16).
 */
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  /* Pages of the first batch of shards (later batches double it); data-batch-pages on
     #search overrides it. At least one shard with a year is always in the first batch. */
  var BATCH_PAGES = 1000;
  var WORD_CHAR = /[\p{L}\p{N}]/u;
  var EXCERPT_WORDS = 40;
  /* How far before the first match an excerpt may start, looking for a boundary. */
  var EXCERPT_LEAD = 20;
  var GAP = "\u00a6";
  /* A word ending a clause: an excerpt may start after it. Not "-", "/", ":" or ".",
     which join the parts of dates, numbers and codes. */
  var CLAUSE_END = /[，。；：、！？）」』】》”,;!?)]$/;
  var UNAVAILABLE = "检索暂时不可用（从本地文件打开时无法检索），请查阅下面的栏目目录。";
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
  var choices = {};
  var moduleLoaded = null;
  /* The query on screen: its hits so far (shown first, in order), how many are shown,
     how many it should show, and how many of its choice's shards it searched. */
  var current = null;

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

  /* The shards a filter choice needs, newest first (see the header). */
  function shardsFor(section, year) {
    var rank = {};
    bundles.sections.forEach(function (s, index) { rank[s.id] = index; });
    return Object.keys(bundles.shards).filter(function (name) {
      var shard = bundles.shards[name];
      return (!section || shard.section === section) && (!year || shard.year === year);
    }).sort(function (a, b) {
      var x = bundles.shards[a];
      var y = bundles.shards[b];
      return (x.year ? 1 : 0) - (y.year ? 1 : 0) ||
        compare(y.year, x.year) ||
        middle(b) - middle(a) ||
        (rank[x.section] || 0) - (rank[y.section] || 0) ||
        compare(a, b);
    });
  }

  function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /* Twice the middle month of the period a shard's name covers (section-YYYY-mMM,
     section-YYYY-qN, or the whole year): its records' typical date. By it, a year's
     shard comes after the months and quarters of its second half, as most of its
     records do; by the period's end it would come first, as if all were from December. */
  function middle(name) {
    var period = /-\d{4}-(q[1-4]|m\d\d)$/.exec(name);
    if (!period) { return 13; }
    var number = Number(period[1].slice(1));
    return period[1][0] === "q" ? 6 * number - 2 : 2 * number;
  }

  /* Where each batch of ``names`` ends: about ``pages`` pages, doubling each batch. */
  function batchEnds(names, pages) {
    var ends = [];
    var size = 0;
    var dated = false;
    names.forEach(function (name, index) {
      var shard = bundles.shards[name];
      if (index > 0 && dated && size + shard.pages > pages) {
        ends.push(index);
        size = 0;
        pages *= 2;
      }
      size += shard.pages;
      dated = dated || Boolean(shard.year);
    });
    ends.push(names.length);
    return ends;
  }

  /* Paths end in "/": Pagefind skips a merged index whose path is a prefix of the first's. */
  function shardPath(name) {
    return indexBase + name + "/";
  }

  function choiceFor(section, year) {
    var names = shardsFor(section, year);
    var key = names.join(" ");
    if (!choices[key]) {
      var pages = Number(box.getAttribute("data-batch-pages")) || BATCH_PAGES;
      choices[key] = { key: key, names: names, ends: batchEnds(names, pages), merged: 0,
                       ready: Promise.resolve(null) };
    }
    return choices[key];
  }

  /* The choice's one Pagefind instance with at least its first ``count`` shards merged:
     the first is primary, the others merged in order, each only once. */
  function extend(choice, count) {
    choice.ready = choice.ready.then(async function (pagefind) {
      if (!pagefind) {
        var module = await loadModule(choice.names[0]);
        pagefind = module.createInstance({ basePath: shardPath(choice.names[0]) });
        await pagefind.options({ excerptLength: EXCERPT_WORDS });
        choice.merged = 1;
      }
      // Started together, registered in this order (ties in score keep it): no waterfall.
      await Promise.all(choice.names.slice(choice.merged, count).map(function (name) {
        return pagefind.mergeIndex(shardPath(name));
      }));
      choice.merged = Math.max(choice.merged, count);
      return pagefind;
    });
    choice.ready.catch(function () {
      delete choices[choice.key];  // start again on the next query, e.g. after a network error
      moduleLoaded = null;
    });
    return choice.ready;
  }

  /* Pagefind's script is the same in every shard: import it once, from the first used. */
  function loadModule(name) {
    if (!moduleLoaded) {
      moduleLoaded = import(shardPath(name) + "pagefind.js");
    }
    return moduleLoaded;
  }

  /* Return the hits for a query in the merged shards, best first: pages that contain
     every run of it. */
  async function find(pagefind, runs) {
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

  /* Search the query's next batches until it has hits beyond those shown, up to its
     page, or every shard is searched; hits found earlier keep their place. */
  async function advance(query) {
    var choice = query.choice;
    while (query.hits.length < query.limit && query.searched < choice.names.length) {
      var count = Math.max(choice.merged, choice.ends.find(function (end) {
        return end > query.searched;
      }));
      var pagefind = await extend(choice, count);
      var searched = choice.merged;  // at least count: another query may have merged more
      var hits = await find(pagefind, query.runs);
      if (query !== current) { return; }
      query.searched = searched;
      hits.forEach(function (hit) {
        if (!query.ids.has(hit.id)) {
          query.ids.add(hit.id);
          query.hits.push(hit);
        }
      });
      await show(query);  // what this batch found, while the next one is fetched
      if (query !== current) { return; }
    }
    await show(query);
  }

  /* Show the query's hits up to its page. */
  async function show(query) {
    var slice = query.hits.slice(query.shown, Math.min(query.limit, query.hits.length));
    var pages = await Promise.all(slice.map(function (hit) { return hit.data(); }));
    if (query !== current) { return; }
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
    query.shown += slice.length;
    list.setAttribute("data-count", String(query.hits.length));
  }

  /* Say what was found and where it was looked for; offer the rest. */
  function report(query) {
    var names = query.choice.names;
    var complete = query.searched >= names.length;
    list.setAttribute("data-count", String(query.hits.length));
    list.setAttribute("data-complete", String(complete));
    list.setAttribute("data-searched", String(query.searched));
    list.setAttribute("data-shards", String(names.length));
    more.textContent = query.shown < query.hits.length ? "显示更多结果" : "检索更早的记录";
    more.hidden = complete && query.shown >= query.hits.length;
    var quoted = "包含“" + query.text + "”的页面";
    if (complete) {
      say(query.hits.length ? "找到 " + query.hits.length + " 个" + quoted + "。"
        : "没有找到" + quoted + "。", "done");
      return;
    }
    var years = names.slice(0, query.searched).map(function (name) {
      return bundles.shards[name].year;
    }).filter(Boolean).sort();
    var span = !years.length ? "" : years[0] === years[years.length - 1]
      ? "（" + years[0] + " 年）" : "（" + years[0] + "–" + years[years.length - 1] + " 年）";
    say("在最近的 " + query.searched + " 个分区" + span + "中找到 " + query.hits.length +
        " 个" + quoted + "，其余 " + (names.length - query.searched) + " 个分区尚未检索。",
        "done");
  }

  function say(text, state) {
    statusLine.textContent = text;
    box.setAttribute("data-state", state);
  }

  function fail(query) {
    if (query === current) { say(UNAVAILABLE, "error"); }
  }

  async function search() {
    var text = input.value.trim();
    list.textContent = "";
    more.hidden = true;
    ["data-count", "data-complete", "data-searched", "data-shards"].forEach(function (name) {
      list.removeAttribute(name);
    });
    var runs = runsOf(text);
    var query = current = {
      text: text, runs: runs, hits: [], ids: new Set(), shown: 0, limit: PAGE_SIZE,
      searched: 0, choice: null
    };
    if (!runs.length) {
      say(text ? "请输入汉字、字母或数字。" : "", "idle");
      return;
    }
    say("正在检索……", "busy");
    try {
      query.choice = choiceFor(sectionSelect.value, yearSelect.value);
      await advance(query);
      if (query === current) { report(query); }
    } catch (error) {
      fail(query);
    }
  }

  /* The next page of results: those found but not shown, then older shards' if needed. */
  async function showMore() {
    var query = current;
    if (!query || !query.choice) { return; }
    query.limit = query.shown + PAGE_SIZE;
    more.hidden = true;
    say(query.shown < query.hits.length ? statusLine.textContent : "正在检索更早的记录……",
        "busy");
    try {
      await advance(query);
      if (query === current) { report(query); }
    } catch (error) {
      fail(query);
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
    more.addEventListener("click", showMore);
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
      say(UNAVAILABLE, "error");
    });
}());
