"""Decisions for 四川省/2023 (range: the front matter, the five-year review's summary and task (一)); see README.md."""
FILE = "lawtext_gov/政府工作报告-省自治区/四川省/2023.md"
END_MARK = "**（二）服务和融入国家战略"
OCC = [
    ("两步走", "两步走", "numbered", True, "strategic arrangement, quoted"),
    ("十三五", "十三五", "plan", True, None),
    ("十四五", "十四五", "plan", True, None),
    ("一干多支", "一干多支", "numbered", True, "provincial strategy"),
    ("放管服", "放管服", "named", True, None),
    ("多规合一", "多规合一", "numbered", True, None),
    ("两不愁三保障", "两不愁三保障", "numbered", True, None),
    ("四个不摘", "四个不摘", "numbered", True, None),
    ("三大革命", "三大革命", "numbered", True, "农村“三大革命”: a standing set, as in the Gansu gold"),
    ("美丽四川·宜居乡村", "美丽四川·宜居乡村", "named", True, "provincial campaign"),
    ("一村一幼", "一村一幼", "numbered", True, "“一村一幼”计划"),
    ("双减", "双减", "numbered", True, None),
    ("双一流", "双一流", "numbered", True, None),
    ("户户通", "户户通", "named", True, "national project (电视“户户通”); doubtful"),
    ("村村响", "村村响", "named", True, "national project (广播“村村响”); doubtful"),
    ("党史学习教育", "党史学习教育", "named", False, "national campaign, unquoted"),
    ("我为群众办实事", "我为群众办实事", "named", True, None),
]
REJ = [
    ("总牵引", "role labels of a provincial plan (“总牵引”“总抓手”“总思路”); doubtful"), ("中国式现代化", "doctrine in plain words"),
    ("两个万亿元台阶", "magnitude"), ("百强区", "ranking"), ("世界500强", "ranking"), ("国企改革三年行动", "duration campaign"),
    ("天府中央法务区", "place/project name"), ("脱贫攻坚", "policy in plain words"), ("五连“好”", "streak"),
    ("一方水土养不好一方人", "descriptive quotation"), ("安全房", "descriptive quotation"), ("四大集中连片贫困地区", "count of places"),
    ("难中之难、坚中之坚", "descriptive quotation"), ("一步跨千年", "descriptive quotation"), ("全国脱贫攻坚楷模", "award"),
    ("悬崖村", "place nickname"), ("川字号", "brand"), ("川乡黑猪", "product"), ("五网", "sums up the items just before (路水电气讯); doubtful"),
    ("全国乡村治理示范镇村", "title"), ("急难愁盼", "name of problems"), ("30件民生实事", "count"), ("五个一工程", "award"),
    ("文华大奖", "award"), ("两弹城", "place"), ("公园城市", "concept, descriptive here"), ("三级医院", "grade"),
]
