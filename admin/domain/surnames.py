"""Chinese surnames and given-name characters, and the public form of a person's name.

Name format (LAW.md §4, the courts' rule 法释〔2016〕19号 Art 9), decided here: keep the
surname (a compound surname whole) and write one 某 per given-name character, at most two
(张某, 张某某, 欧阳某某); minority and foreign names (with ·, or without a known surname)
become first character + 某.
"""

from __future__ import annotations

import re

HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"
DOTS = "·•・．"

_COMPOUND = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤 南宫 西门 "
    "万俟 呼延 澹台 轩辕 闻人 赫连 太史 申屠 公羊 淳于 单于 钟离 宗政 濮阳 公冶 仲孙 拓跋 百里 "
    "东郭 第五 鲜于 闾丘 司空 亓官 司寇 左丘 谷梁 段干 羊舌 梁丘 东门 子车 巫马 公西 漆雕 乐正 "
    "壤驷 公良 颛孙 微生"
)
COMPOUND_SURNAMES = tuple(_COMPOUND.split())
# Common single surnames (百家姓 and 宁夏's Hui surnames), without those that are mostly
# ordinary words (家, 国, 都, 元 …), which would make the recogniser guess wrong too often.
SURNAMES = frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛"
    "奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于傅皮卞齐康伍"
    "余卜顾孟平黄穆萧尹姚邵湛汪祁毛禹狄米贝明臧伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻"
    "强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫房裘缪干解应宗丁宣贲邓"
    "郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧"
    "隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲"
    "邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍卻璩桑桂濮牛寿边扈燕"
    "冀郏浦尚农温庄晏柴瞿阎慕连茹习宦艾鱼容向古易慎戈廖庾暨衡步耿满弘匡文寇广禄阙欧殳沃利蔚越"
    "夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶曾毋沙乜鞠丰巢关蒯荆游竺权逯盖桓岳帅缑亢况商牟佘伯墨"
    "谯笪年阳闫肖付佟邸覃仝展迟鄢海纳拜冶撒哈虎锁妥喇铁涂邝晋粟苟者买黑"
)
# Surnames that are also everyday words (时, 查, 位 …): trusted only right after a strong cue.
WORDLIKE_SURNAMES = frozenset("时兰查隋位原续来过晋战盛家国都元操商衣才寸")
# Characters common in given names. The recogniser accepts a tagged word as a name only
# when its given name is made of these (jieba's dictionary calls 水土保持, 宣传品 and
# 麻黄 names); after a cue word the second given-name character must be one of them
# unless jieba keeps it in one word with the first (王芳|申请 but 李福贵).
GIVEN_NAME_CHARS = frozenset(
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙全国胜学祥才发武新利清"
    "飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善"
    "厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家"
    "致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春"
    "菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦"
    "黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭"
    "冰爽琬茗羽希欣育滢馥筠柔竹凝晓欢霄枫芸菲寒伊亚宜可舒影丽阳妮宝贝初程恒鸿桦骅剑娇纪宽灵"
    "琪晴容睿烁堂唯威韦雯苇萱彦宇雨洋忠宗曼紫逸贤蝶菡儿轩小大二三四五六七八九十丰金银铁锁柱根"
    "来喜寿财占礼存满万千百花卫正立孝廷继耀祖治道仲叔季长吉旺隆存仓田禄魁元"
)


def mask_person_name(name: str) -> str:
    """Return the public form of a natural person's name: 张某某, 欧阳某某, 买某."""
    name = name.strip()
    if not name:
        return ""
    if any(dot in name for dot in DOTS) or not re.fullmatch(f"{HAN}+", name):
        return name[0] + "某"
    for surname in COMPOUND_SURNAMES:
        if name.startswith(surname) and len(name) > len(surname):
            return surname + "某" * min(len(name) - len(surname), 2)
    if name[0] in SURNAMES:
        return name[0] + "某" * max(min(len(name) - 1, 2), 1)
    return name[0] + "某"


def surname_of(word: str) -> str:
    """Return the surname ``word`` starts with (a compound one whole), or "" for none."""
    for surname in COMPOUND_SURNAMES:
        if word.startswith(surname):
            return surname
    return word[:1] if word[:1] in SURNAMES else ""
