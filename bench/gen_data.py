#!/usr/bin/env python3
"""Deterministic generator of realistic customer-archive data for benchmarks and tests.

One generator that every benchmark reuses: the same seed and the same arguments always
give byte-identical output (random.Random(seed), Python standard library only).

Subcommands:
  customers   customer cards, as CSV for `archive import` (Chinese headers) or as SQL
              INSERT statements into the private tables (customer, customer_grade,
              grade_history, sequence) of src/store/schema.cpp.
  follow-ups  follow-up records (CSV, one archive_no column plus the record's fields)
  materials   filed materials (CSV)
  loans       loans of materials (CSV)

The SQL format is how the read benchmarks load their customers, independently of the import
being timed: load it with `sqlite3 DB < customers.sql` into a database made by `archive init`.
It never contains messy values, since the tables have CHECK constraints. The CSV format
carries a few per cent of messy values (--messy PCT, default 3; --messy 0 turns them off),
the way real spreadsheet exports do.

follow-ups, materials and loans take the same --count and --seed as the customers they
belong to, and name those customers' archive numbers.

`customers --format sql --follow-ups N` adds N follow-up records (table follow_up, ids
F-000001..., the 'follow_up' sequence) and fills the customers' follow-up bookkeeping
(last_contact, last_visit, next_due, claim_start) from them, as the program keeps it, for
the business date 2026-11-23: most customers were contacted within their follow-up
interval, a few tenths of a per cent are due or overdue, a few have a lapsed claim. The
SQL is streamed, so 1,000,000 customers and 5,000,000 follow-ups fit in a few minutes.

Examples:
  gen_data.py customers --count 1000 --seed 1 --format csv --encoding gbk --output c.csv
  gen_data.py customers --count 100000 --seed 1 --format sql | sqlite3 archive.db
  gen_data.py follow-ups --count 1000 --seed 1
  gen_data.py customers --count 1000000 --format sql --follow-ups 5000000 --output big.sql
"""

import argparse
import bisect
import csv
import datetime as dt
import io
import itertools
import random
import sys

# ---------------------------------------------------------------------------------------
# Vocabulary

# Common surnames, roughly by frequency (weights are per cent of the population).
SURNAMES = (
    ("王", 7.1), ("李", 7.0), ("张", 6.7), ("刘", 5.4), ("陈", 4.5), ("杨", 3.1),
    ("黄", 2.2), ("赵", 2.0), ("吴", 2.0), ("周", 1.9), ("徐", 1.5), ("孙", 1.5),
    ("马", 1.3), ("朱", 1.3), ("胡", 1.2), ("郭", 1.1), ("何", 1.1), ("高", 1.0),
    ("林", 1.0), ("罗", 0.9), ("郑", 0.9), ("梁", 0.8), ("谢", 0.7), ("宋", 0.6),
    ("唐", 0.6), ("许", 0.6), ("韩", 0.6), ("冯", 0.6), ("邓", 0.5), ("曹", 0.5),
    ("彭", 0.5), ("曾", 0.5), ("肖", 0.5), ("田", 0.4), ("董", 0.4), ("袁", 0.4),
    ("潘", 0.4), ("于", 0.4), ("蒋", 0.4), ("蔡", 0.4), ("余", 0.4), ("杜", 0.4),
    ("叶", 0.4), ("程", 0.4), ("苏", 0.3), ("魏", 0.3), ("吕", 0.3), ("丁", 0.3),
    ("任", 0.3), ("沈", 0.3), ("姚", 0.3), ("卢", 0.3), ("姜", 0.3), ("崔", 0.3),
    ("钟", 0.3), ("谭", 0.3), ("陆", 0.3), ("汪", 0.3), ("范", 0.3), ("金", 0.3),
    ("石", 0.3), ("廖", 0.3), ("贾", 0.3), ("夏", 0.2), ("韦", 0.2), ("付", 0.2),
    ("方", 0.2), ("白", 0.2), ("邹", 0.2), ("孟", 0.2), ("熊", 0.2), ("秦", 0.2),
    ("邱", 0.2), ("江", 0.2), ("尹", 0.2), ("薛", 0.2), ("闫", 0.2), ("段", 0.2),
    ("雷", 0.2), ("侯", 0.2), ("龙", 0.2), ("史", 0.2), ("陶", 0.2), ("黎", 0.2),
    ("贺", 0.2), ("顾", 0.2), ("毛", 0.2), ("郝", 0.2), ("龚", 0.2), ("邵", 0.2),
    ("万", 0.2), ("钱", 0.2), ("严", 0.2), ("覃", 0.1), ("武", 0.1), ("戴", 0.1),
    ("莫", 0.1), ("孔", 0.1), ("向", 0.1), ("汤", 0.1),
    ("欧阳", 0.05), ("司马", 0.01), ("上官", 0.01),
)

# Pinyin of the surnames, for e-mail addresses.
SURNAME_PINYIN = dict(zip(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
    "覃武戴莫孔向汤",
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng "
    "liang xie song tang xu han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai yu "
    "du ye cheng su wei lv ding ren shen yao lu jiang cui zhong tan lu wang fan jin shi liao jia "
    "xia wei fu fang bai zou meng xiong qin qiu jiang yin xue yan duan lei hou long shi tao li "
    "he gu mao hao gong shao wan qian yan qin wu dai mo kong xiang tang".split(),
))
SURNAME_PINYIN.update({"欧阳": "ouyang", "司马": "sima", "上官": "shangguan"})

# Given names by gender: whole single-character names, whole two-character names, and
# characters that combine into two-character names.
GIVEN = {
    "male": {
        "single": "伟强磊军洋勇杰涛明超平刚辉鹏飞鑫波斌宇浩凯健俊帅旭龙林阳建亮成峰东华",
        "double": ("建华", "建国", "建军", "志强", "志明", "晓明", "晓东", "国强", "国庆", "俊杰",
                   "浩然", "子轩", "宇航", "家豪", "明辉", "文博", "海涛", "伟华", "伟明", "伟东",
                   "振华", "德明", "永强", "立新", "卫东", "红军", "一鸣", "梓豪", "思远", "天宇"),
        "first": "伟志建晓国俊浩子宇家明文海振德永立卫天嘉",
        "second": "强明华军涛杰辉鹏飞斌宇浩凯健峰东平刚成龙林阳亮波",
    },
    "female": {
        "single": "芳娜敏静丽艳娟霞婷雪琳晶颖倩慧莉燕玲红丹萍秀梅欢佳琴",
        "double": ("秀英", "桂英", "秀兰", "玉兰", "桂兰", "海燕", "晓燕", "丽娟", "丽华", "文静",
                   "子涵", "梓涵", "一诺", "欣怡", "婷婷", "丹丹", "佳怡", "红梅", "春梅", "美玲",
                   "雅婷", "思琪", "雨欣", "晓丽", "玉珍", "淑珍", "秀珍", "娜娜", "静怡", "梦瑶"),
        "first": "秀桂玉丽晓海文子欣佳雅思雨美淑春雪慧婉静",
        "second": "英兰华娟燕静涵怡婷琪欣玲梅珍丽芳霞敏红萍",
    },
}

# Cities: name, province ('' for municipalities), landline area code, ID area codes,
# districts.
CITIES = (
    ("上海", "", "021", ("310101", "310104", "310105", "310115", "310112"),
     ("黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "浦东新区", "闵行区", "宝山区")),
    ("北京", "", "010", ("110101", "110102", "110105", "110108"),
     ("东城区", "西城区", "朝阳区", "海淀区", "丰台区", "通州区")),
    ("广州", "广东省", "020", ("440103", "440104", "440106", "440111"),
     ("越秀区", "海珠区", "天河区", "白云区", "番禺区")),
    ("深圳", "广东省", "0755", ("440303", "440304", "440305", "440306"),
     ("罗湖区", "福田区", "南山区", "宝安区", "龙岗区")),
    ("杭州", "浙江省", "0571", ("330102", "330105", "330106", "330108"),
     ("上城区", "拱墅区", "西湖区", "滨江区", "余杭区")),
    ("南京", "江苏省", "025", ("320102", "320104", "320105", "320106"),
     ("玄武区", "秦淮区", "建邺区", "鼓楼区", "江宁区")),
    ("苏州", "江苏省", "0512", ("320505", "320506", "320508"),
     ("姑苏区", "虎丘区", "吴中区", "工业园区")),
    ("成都", "四川省", "028", ("510104", "510105", "510106", "510107"),
     ("锦江区", "青羊区", "金牛区", "武侯区", "成华区")),
    ("武汉", "湖北省", "027", ("420102", "420103", "420106", "420111"),
     ("江岸区", "江汉区", "武昌区", "洪山区")),
    ("天津", "", "022", ("120101", "120103", "120104"),
     ("和平区", "河西区", "南开区", "滨海新区")),
    ("重庆", "", "023", ("500103", "500105", "500106"),
     ("渝中区", "江北区", "沙坪坝区", "九龙坡区")),
    ("西安", "陕西省", "029", ("610102", "610103", "610113"),
     ("新城区", "碑林区", "雁塔区", "未央区")),
    ("长沙", "湖南省", "0731", ("430102", "430103", "430104"),
     ("芙蓉区", "天心区", "岳麓区", "开福区")),
    ("郑州", "河南省", "0371", ("410102", "410103", "410105"),
     ("中原区", "二七区", "金水区", "管城回族区")),
    ("济南", "山东省", "0531", ("370102", "370103", "370112"),
     ("历下区", "市中区", "槐荫区", "历城区")),
    ("青岛", "山东省", "0532", ("370202", "370203", "370212"),
     ("市南区", "市北区", "崂山区", "黄岛区")),
    ("福州", "福建省", "0591", ("350102", "350103", "350104"),
     ("鼓楼区", "台江区", "仓山区", "晋安区")),
    ("厦门", "福建省", "0592", ("350203", "350205", "350206"),
     ("思明区", "海沧区", "湖里区", "集美区")),
    ("沈阳", "辽宁省", "024", ("210102", "210103", "210104"),
     ("和平区", "沈河区", "大东区", "皇姑区")),
    ("宁波", "浙江省", "0574", ("330203", "330205", "330212"),
     ("海曙区", "江北区", "鄞州区", "镇海区")),
)
CITY_BY_NAME = {c[0]: c for c in CITIES}
REGION_CITY = {"SH": "上海", "BJ": "北京", "GZ": "广州", "SZ": "深圳"}
REGIONS = (("KH", 70), ("SH", 12), ("BJ", 7), ("GZ", 6), ("SZ", 5))

ROADS = ("人民路", "中山路", "解放路", "建设路", "和平路", "长江路", "南京路", "淮海中路",
         "延安西路", "文三路", "天目山路", "学院路", "科技园路", "新华路", "胜利路", "青年路",
         "滨江大道", "世纪大道", "东风路", "工业大道", "环城北路", "朝阳路", "光明路", "复兴路")
BUILDINGS = ("", "", "", "大厦", "广场", "花园", "小区", "中心")

BRANDS = ("恒达", "华信", "永安", "鑫源", "宏远", "金盛", "瑞丰", "德隆", "中兴", "天成",
          "嘉禾", "富达", "新世纪", "东方", "长城", "万通", "汇丰源", "博远", "正泰", "宏图",
          "龙腾", "顺发", "祥和", "盛世", "锦程", "腾飞", "安泰", "广源", "华美", "佳和",
          "金鼎", "明德", "卓越", "恒信", "众诚", "创新", "信达", "和润", "百川", "远大")
INDUSTRIES = ("建材", "装饰工程", "贸易", "科技", "物流", "置业", "汽车销售服务", "餐饮管理",
              "电子", "机械设备", "房地产开发", "物业管理", "保险代理", "医药", "服装",
              "家具", "建筑工程", "信息技术", "文化传媒", "投资管理")
BUREAUS = ("市场监督管理局", "教育局", "卫生健康委员会", "住房和城乡建设局", "税务局",
           "人民法院", "公安分局", "街道办事处", "财政局", "交通运输局")
TITLES = ("总经理", "经理", "采购经理", "财务主管", "行政主管", "董事长", "销售总监", "主任",
          "科长", "工程师", "会计", "")

# The sales reps who own customers.
OWNERS = ("王芳", "赵磊", "李娜", "张伟", "刘洋", "陈静", "杨帆", "黄磊", "周敏", "吴强",
          "徐丽", "孙浩", "马超", "朱婷", "胡军", "郭静", "何勇", "高峰", "林晓", "罗敏",
          "郑凯", "梁燕", "谢涛", "宋佳", "唐亮", "许晶", "韩雪", "冯刚", "邓丽", "曹阳")
CLERKS = ("档案员小王", "档案员李红", "客服陈洁", "客服周晓")
MANAGERS = ("王经理", "李主管")
DEPTS = ("销售部", "客服部", "财务部", "法务部", "理赔部", "工程部", "行政部")

KINDS = (("individual", 75.0), ("company", 20.0), ("government", 2.0), ("partner", 2.5),
         ("special", 0.5))
KIND_LABELS = {"individual": "个人", "company": "普通公司", "government": "政府机构",
               "special": "特殊公司", "partner": "交易伙伴"}
GENDER_LABELS = {"male": "男", "female": "女"}
SOURCES = (("walk-in", 30), ("phone", 20), ("referral", 20), ("exhibition", 8), ("web", 12),
           ("cold-call", 6), ("other", 4))
SOURCE_LABELS = {"walk-in": "来店", "phone": "来电", "referral": "转介绍", "exhibition": "展会",
                 "web": "网络", "cold-call": "陌拜", "other": "其他"}
LEVELS = (("public", 85), ("internal", 10), ("confidential", 4.5), ("secret", 0.5))
VALUE_GRADES = (("A", 8), ("B", 22), ("C", 50), ("D", 20))
INTENT_GRADES = (("O", 5), ("H", 10), ("A", 20), ("B", 25), ("C", 30), ("L", 10))
NOTES = ("老客户介绍", "对价格敏感", "需开增值税专用发票", "周末方便联系", "仅接受短信联系",
         "关注售后服务", "有二次购买意向", "已加微信", "决策人为配偶", "要求上门服务")

# Mobile prefixes (1[3-9]x), with rough weights.
MOBILE_PREFIXES = (("138", 9), ("139", 9), ("135", 6), ("136", 5), ("137", 5), ("150", 6),
                   ("151", 5), ("152", 4), ("158", 5), ("159", 5), ("186", 6), ("187", 5),
                   ("188", 4), ("185", 3), ("177", 3), ("176", 3), ("180", 3), ("189", 4),
                   ("133", 3), ("153", 2), ("199", 2), ("198", 1), ("166", 1), ("191", 1))
MAIL_DOMAINS = ("163.com", "126.com", "sina.com", "qq.com", "foxmail.com", "139.com")

MATERIAL_KINDS = (("contract", 25, "合同"), ("id_copy", 20, "身份证复印件"),
                  ("policy", 10, "保单"), ("claim", 5, "理赔资料"), ("photo", 8, "照片"),
                  ("complaint", 3, "投诉单"), ("invoice", 15, "发票"),
                  ("correspondence", 8, "往来函件"), ("other", 6, "其他资料"))
CHANNELS = (("phone", 45), ("visit", 10), ("store", 12), ("sms", 5), ("wechat", 22),
            ("email", 4), ("other", 2))
FOLLOW_UP_TYPES = (("sales", 60), ("service", 25), ("complaint", 5), ("greeting", 10))
FOLLOW_UP_NOTES = {
    "sales": ("介绍新品及优惠政策", "客户询价，已发报价单", "邀约到店看样", "客户考虑中，下周再联系",
              "已发送合同草稿"),
    "service": ("回访使用情况，客户满意", "上门检修，问题已解决", "提醒年检及续保", "送货安装回访"),
    "complaint": ("投诉送货延误", "投诉安装质量问题", "投诉客服态度", "投诉发票开具错误"),
    "greeting": ("节日问候", "生日祝福", "新年问候"),
}
OUTCOMES = ("有意向", "暂无需求", "已成交", "待报价", "需再跟进", "")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

FIRST_CREATED = dt.date(2023, 1, 1)
LAST_CREATED = dt.date(2026, 10, 31)
SQL_BATCH = 200  # rows per multi-row INSERT
WRITE_CHUNK_CHARS = 4 << 20  # characters encoded and written at a time

# Follow-up records in SQL (customers --follow-ups N), as of the business date.
BUSINESS_DATE = dt.date(2026, 11, 23)
VALUE_FOLLOW_UP_DAYS = {"A": 30, "B": 60, "C": 90, "D": 90}          # the shipped config
INTENT_FOLLOW_UP_DAYS = {"O": 1, "H": 2, "A": 3, "B": 5, "C": 7, "L": None}
OWNER_CLAIM_DAYS = 60       # a claim lapses after this long without contact
CURRENT_WINDOW_DAYS = 55    # customers in good standing were contacted within this many days
DUE_PCT = 0.25              # per cent of customers whose next follow-up is due or overdue
MAX_OVERDUE_DAYS = 30
LAPSED_PCT = 0.15           # per cent of customers not contacted for over OWNER_CLAIM_DAYS
LAPSED_MAX_DAYS = 400
OPEN_COMPLAINT_DAYS = 30    # only complaints this recent may still be open
OPEN_COMPLAINT_PCT = 30
MAJOR_COMPLAINT_PCT = 20
MAX_CLOSE_DAYS = 14
DEALT_VALUE_GRADES = ("A", "B")  # visited regularly: their latest contact is a visit
VISIT_CHANNELS = ("visit", "store")
FOLLOW_UP_SQL_TYPES = (("sales", 70), ("service", 20), ("complaint", 2), ("greeting", 8))
FOLLOW_UP_SHARES = (1, 2, 3, 4, 5, 6, 8, 10, 14)  # relative number of follow-ups per customer
FOLLOW_UP_BATCH = 500  # rows per multi-row INSERT into follow_up
FOLLOW_UP_COLUMNS = ("id", "follow_up_no", "customer_id", "contact_at", "contact_date",
                     "channel", "type", "operator", "note", "outcome", "severity", "state",
                     "closed_on")

CSV_HEADER = ("姓名", "类别", "性别", "手机", "电话", "邮箱", "公司名称", "统一社会信用代码",
              "地址", "区域", "跟进人", "来源", "生日", "身份证号", "客户等级", "备注")
CUSTOMER_COLUMNS = ("id", "archive_no", "status", "name", "kind", "gender", "birthday",
                    "id_number", "company", "credit_code", "title", "legal_rep", "mobile",
                    "mobile_rev", "phone", "email", "address", "postcode", "region", "owner",
                    "source", "level", "note", "created")
# Schema 2: the follow-up bookkeeping the program keeps on the card.
CONTACT_COLUMNS = ("last_contact", "last_visit", "next_due", "next_due_explicit", "claim_start",
                   "dealt")
SQL_CUSTOMER_COLUMNS = CUSTOMER_COLUMNS + CONTACT_COLUMNS


# ---------------------------------------------------------------------------------------
# Small helpers


_CUMULATIVE = {}  # id of a (value, weight, ...) table -> (table, values, cumulative weights)


def weighted(rng, pairs):
    """One value of (value, weight, ...) tuples, chosen by weight.

    The same draw as rng.choices(values, weights)[0], with the cumulative weights of each
    table computed once."""
    cached = _CUMULATIVE.get(id(pairs))
    if cached is None or cached[0] is not pairs:
        cum = list(itertools.accumulate(p[1] for p in pairs))
        cached = _CUMULATIVE[id(pairs)] = (pairs, [p[0] for p in pairs], cum)
    _, values, cum = cached
    return values[bisect.bisect(cum, rng.random() * (cum[-1] + 0.0), 0, len(cum) - 1)]


def random_date(rng, first, last):
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def id_check_digit(body17):
    """GB 11643 check character of the first 17 digits of an ID number."""
    return ID_CHECK[sum(int(d) * w for d, w in zip(body17, ID_WEIGHTS)) % 11]


def uscc_check_char(body17):
    """GB 32100 check character of the first 17 characters of a credit code."""
    total = sum(USCC_CHARSET.index(ch) * w for ch, w in zip(body17, USCC_WEIGHTS))
    check = 31 - total % 31
    return USCC_CHARSET[0 if check == 31 else check]


def org_code(rng):
    """A GB 11714 organisation code: eight digits and a check character."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    check = 11 - sum(int(d) * w for d, w in zip(body, ORG_WEIGHTS)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


# ---------------------------------------------------------------------------------------
# Customers


def person_name(rng, gender):
    surname = weighted(rng, SURNAMES)
    pool = GIVEN[gender]
    roll = rng.random()
    if roll < 0.3:
        given = rng.choice(pool["single"])
    elif roll < 0.55:
        given = rng.choice(pool["double"])
    else:
        given = rng.choice(pool["first"]) + rng.choice(pool["second"])
    return surname, given


def mobile(rng):
    return weighted(rng, MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))


def landline(rng, city):
    area = city[2]
    digits = 8 if len(area) == 3 or rng.random() < 0.7 else 7
    first = rng.randint(2, 8)
    rest = "".join(rng.choice("0123456789") for _ in range(digits - 1))
    return f"{area}-{first}{rest}"


def address(rng, city):
    province = city[1]
    district = rng.choice(city[4])
    road = rng.choice(ROADS)
    number = rng.randint(1, 999)
    text = f"{province}{city[0]}市{district}{road}{number}号"
    building = rng.choice(BUILDINGS)
    if building:
        text += f"{rng.choice(BRANDS)}{building}"
    if rng.random() < 0.5:
        text += f"{rng.randint(1, 30)}栋{rng.randint(1, 32)}{rng.randint(1, 8):02d}室"
    return text


def id_number(rng, city, birth, gender):
    seq = rng.randint(0, 99) * 10 + rng.choice((1, 3, 5, 7, 9) if gender == "male"
                                              else (0, 2, 4, 6, 8))
    body = f"{rng.choice(city[3])}{birth:%Y%m%d}{seq:03d}"
    return body + id_check_digit(body)


def credit_code(rng, city):
    body = "91" + rng.choice(city[3]) + org_code(rng)
    return body + uscc_check_char(body)


def company_name(rng, city):
    suffix = "股份有限公司" if rng.random() < 0.15 else "有限公司"
    brand = "" if rng.random() < 0.08 else rng.choice(BRANDS)
    return f"{city[0]}{brand}{rng.choice(INDUSTRIES)}{suffix}"


def email_of(rng, surname, company):
    if rng.random() < 0.3:
        return f"{rng.randint(10000, 2999999999)}@qq.com"
    user = SURNAME_PINYIN.get(surname, "kehu")
    user += rng.choice(("", ".", "_")) + str(rng.randint(1, 2005))
    if company and rng.random() < 0.3:
        return f"{user}@{rng.choice(('hd', 'hx', 'ya', 'xy', 'hy'))}{rng.randint(1, 999)}.com.cn"
    return f"{user}@{rng.choice(MAIL_DOMAINS)}"


def one_customer(rng):
    """A clean customer card: a dict keyed by the column names of the customer table."""
    kind = weighted(rng, KINDS)
    region = weighted(rng, REGIONS)
    city = CITY_BY_NAME[REGION_CITY[region]] if region in REGION_CITY else rng.choice(CITIES)
    c = dict.fromkeys(CUSTOMER_COLUMNS)
    c.update(kind=kind, region=region, status="active", owner=rng.choice(OWNERS),
             source=weighted(rng, SOURCES), level=weighted(rng, LEVELS))
    c["created"] = random_date(rng, FIRST_CREATED, LAST_CREATED)
    surname = ""
    if kind == "individual":
        gender = rng.choice(("male", "female"))
        surname, given = person_name(rng, gender)
        c["name"] = surname + given
        c["gender"] = gender if rng.random() < 0.95 else None
        birth = random_date(rng, dt.date(1950, 1, 1), dt.date(2005, 12, 31))
        if rng.random() < 0.6:
            c["id_number"] = id_number(rng, city, birth, gender)
        if rng.random() < 0.5:  # the celebrated birthday, now and then the lunar one
            c["birthday"] = birth if rng.random() < 0.9 else birth + dt.timedelta(
                days=rng.randint(10, 50))
        if rng.random() < 0.35:
            c["company"] = company_name(rng, rng.choice(CITIES))
            c["title"] = rng.choice(TITLES) or None
    elif kind == "government":
        c["name"] = f"{city[0]}市{rng.choice(city[4])}{rng.choice(BUREAUS)}"
        c["company"] = c["name"]
    else:
        c["name"] = company_name(rng, city)
        c["company"] = c["name"]
        c["credit_code"] = credit_code(rng, city)
        rep_gender = rng.choice(("male", "female"))
        c["legal_rep"] = "".join(person_name(rng, rep_gender))
        surname = c["legal_rep"][0]
    if rng.random() < (0.92 if kind == "individual" else 0.6):
        c["mobile"] = mobile(rng)
    if rng.random() < (0.15 if kind == "individual" else 0.8):
        c["phone"] = landline(rng, city)
    if rng.random() < 0.4:
        c["email"] = email_of(rng, surname, c["company"])
    if rng.random() < 0.7:
        c["address"] = address(rng, city)
        if rng.random() < 0.3:
            c["postcode"] = f"{rng.randint(10, 85)}{rng.randint(0, 9999):04d}"
    if rng.random() < 0.1:
        c["note"] = rng.choice(NOTES)
    grades = []
    if rng.random() < 0.85:
        grades.append(("value", weighted(rng, VALUE_GRADES)))
    if rng.random() < 0.25:
        grades.append(("intent", weighted(rng, INTENT_GRADES)))
    since = [min(LAST_CREATED, c["created"] + dt.timedelta(days=rng.randint(0, 180)))
             for _ in grades]
    c["grades"] = [(s, code, d) for (s, code), d in zip(grades, since)]
    return c


def generate_customers(count, seed):
    """`count` clean customers, numbered per region in order of their creation date."""
    rng = random.Random(seed)
    rows = [one_customer(rng) for _ in range(count)]
    rows.sort(key=lambda c: c["created"])  # stable: ties keep generation order
    next_seq = {}
    for i, c in enumerate(rows, start=1):
        seq = next_seq.get(c["region"], 1)
        next_seq[c["region"]] = seq + 1
        c["id"] = i
        c["archive_no"] = f"{c['region']}-{seq:06d}"
        c["mobile_rev"] = c["mobile"][::-1] if c["mobile"] else None
    return rows


# ---------------------------------------------------------------------------------------
# Messy values (CSV only)

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def spaced_mobile(rng, m):
    style = rng.randrange(4)
    if style == 0:
        return f"{m[:3]} {m[3:7]} {m[7:]}"
    if style == 1:
        return f"{m[:3]}-{m[3:7]}-{m[7:]}"
    if style == 2:
        return f"+86 {m}"
    return f"+86-{m}"


def messy_date(rng, d):
    if rng.random() < 0.5:
        return f"{d.year}/{d.month}/{d.day}"
    return f"{d.year}年{d.month}月{d.day}日"


def wrong_check(id_no):
    return id_no[:17] + next(ch for ch in "0123456789X" if ch != id_no[17])


def make_messy(rng, row, seen_mobiles):
    """Spoil one value of a CSV row (a dict of display strings) the way exports do."""
    kinds = ["trailing"]
    if row["手机"]:
        kinds += ["full_width", "spaced", "invalid_mobile", "masked"]
    if seen_mobiles:
        kinds.append("duplicate")
    if row["生日"]:
        kinds.append("date")
    if row["身份证号"]:
        kinds.append("bad_id")
    kind = rng.choice(kinds)
    m = row["手机"]
    if kind == "full_width":
        row["手机"] = m.translate(FULL_WIDTH)
    elif kind == "spaced":
        row["手机"] = spaced_mobile(rng, m)
    elif kind == "invalid_mobile":
        row["手机"] = rng.choice((m[:10], "12" + m[2:], m + rng.choice("0123456789")))
    elif kind == "masked":
        row["手机"] = m[:3] + "****" + m[7:]
    elif kind == "duplicate":
        row["手机"] = rng.choice(seen_mobiles)
    elif kind == "date":
        row["生日"] = messy_date(rng, dt.date.fromisoformat(row["生日"]))
    elif kind == "bad_id":
        row["身份证号"] = wrong_check(row["身份证号"])
    else:
        key = rng.choice(("姓名", "公司名称", "地址")) if row["公司名称"] else "姓名"
        if row[key]:
            row[key] += rng.choice((" ", "  ", "\u3000"))


def csv_row(c):
    value_grade = next((code for scheme, code, _ in c["grades"] if scheme == "value"), "")
    return {
        "姓名": c["name"], "类别": KIND_LABELS[c["kind"]],
        "性别": GENDER_LABELS.get(c["gender"], ""), "手机": c["mobile"] or "",
        "电话": c["phone"] or "", "邮箱": c["email"] or "", "公司名称": c["company"] or "",
        "统一社会信用代码": c["credit_code"] or "", "地址": c["address"] or "",
        "区域": c["region"], "跟进人": c["owner"], "来源": SOURCE_LABELS[c["source"]],
        "生日": c["birthday"].isoformat() if c["birthday"] else "",
        "身份证号": c["id_number"] or "", "客户等级": value_grade, "备注": c["note"] or "",
    }


def customers_csv(rows, messy_pct, seed):
    # A separate stream: the clean values do not depend on --messy.
    rng = random.Random(seed * 7919 + 17)
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_HEADER, lineterminator="\r\n")
    writer.writeheader()
    seen = []
    for c in rows:
        row = csv_row(c)
        if messy_pct > 0 and rng.random() * 100 < messy_pct:
            make_messy(rng, row, seen)
        if c["mobile"] and len(seen) < 1000:
            seen.append(c["mobile"])
        writer.writerow(row)
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# SQL


def sql_literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        value = value.isoformat()
    return "'" + str(value).replace("'", "''") + "'"


def batched_inserts(table, columns, rows):
    """Multi-row INSERT statements of at most SQL_BATCH rows each."""
    for start in range(0, len(rows), SQL_BATCH):
        values = ",\n".join("(" + ", ".join(sql_literal(v) for v in row) + ")"
                            for row in rows[start:start + SQL_BATCH])
        yield f"INSERT INTO {table} ({', '.join(columns)}) VALUES\n{values};\n"


def shortest_interval(grades):
    """Days between follow-ups for the customer's grades (the shortest), or None."""
    days = [VALUE_FOLLOW_UP_DAYS[code] if scheme == "value" else INTENT_FOLLOW_UP_DAYS[code]
            for scheme, code, _ in grades]
    days = [d for d in days if d is not None]
    return min(days) if days else None


def follow_up_counts(rng, count, total):
    """Follow-ups per customer, `total` in all: at least one each when total >= count, the
    rest in proportion to a random share (integer arithmetic, so the sum is exact)."""
    base = 1 if total >= count else 0
    shares = [rng.choice(FOLLOW_UP_SHARES) for _ in range(count)]
    extra = total - base * count
    whole = sum(shares) or 1
    counts = []
    acc = done = 0
    for share in shares:
        acc += share
        upto = acc * extra // whole
        counts.append(base + upto - done)
        done = upto
    return counts


def latest_contact(rng, created, interval):
    """Ordinal day of a customer's latest contact: within the follow-up interval for most,
    due or overdue for DUE_PCT per cent, a lapsed claim for LAPSED_PCT per cent."""
    today = BUSINESS_DATE.toordinal()
    roll = rng.random() * 100
    if roll < DUE_PCT and interval:
        return max(created, today - interval - rng.randint(0, MAX_OVERDUE_DAYS))
    if roll < DUE_PCT + LAPSED_PCT and created < today - OWNER_CLAIM_DAYS:
        return rng.randint(max(created, today - LAPSED_MAX_DAYS), today - OWNER_CLAIM_DAYS - 1)
    window = CURRENT_WINDOW_DAYS if interval is None else min(interval - 1, CURRENT_WINDOW_DAYS)
    if window <= 0:  # intent O, followed up every day: contacted this morning
        return today
    return rng.randint(max(created, today - window), today - 1)


class FollowUpWriter:
    """Makes the follow-up rows of one customer after another (F-000001... in that order)
    and the card bookkeeping they imply, as the program keeps it."""

    def __init__(self, seed):
        self.rng = random.Random(seed * 7919 + 404)
        self.next_id = 1
        self.iso = {}      # ordinal -> ISO date
        self.quoted = {}   # text -> SQL literal

    def day(self, ordinal):
        text = self.iso.get(ordinal)
        if text is None:
            text = self.iso[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def lit(self, text):
        if not text:
            return "NULL"
        quoted = self.quoted.get(text)
        if quoted is None:
            quoted = self.quoted[text] = sql_literal(text)
        return quoted

    def customer(self, c, n, out):
        """Appends the VALUES tuples of c's n follow-ups to out and sets c's bookkeeping."""
        rng = self.rng
        created = c["created"].toordinal()
        interval = shortest_interval(c["grades"])
        last = latest_contact(rng, created, interval) if n else None
        days = sorted(rng.randint(created, last) for _ in range(n - 1))
        if n:
            days.append(last)
        dealt = any(s == "value" and code in DEALT_VALUE_GRADES for s, code, _ in c["grades"])
        today = BUSINESS_DATE.toordinal()
        operator = self.lit(c["owner"])
        last_visit = None
        for i, day in enumerate(days):
            channel = weighted(rng, CHANNELS)
            if dealt and i == n - 1:
                channel = rng.choice(VISIT_CHANNELS)
            if channel in VISIT_CHANNELS:
                last_visit = day
            ftype = weighted(rng, FOLLOW_UP_SQL_TYPES)
            hour = rng.randint(8, 9) if day == today else rng.randint(8, 19)
            date = self.day(day)
            at = f"{date} {hour:02d}:{rng.randrange(0, 60, 5):02d}"
            severity = state = closed = "NULL"
            if ftype == "complaint":
                severity = "'major'" if rng.random() * 100 < MAJOR_COMPLAINT_PCT else "'normal'"
                if day > today - OPEN_COMPLAINT_DAYS and rng.random() * 100 < OPEN_COMPLAINT_PCT:
                    state = "'open'"
                else:
                    state = "'closed'"
                    closed = f"'{self.day(min(today, day + rng.randint(0, MAX_CLOSE_DAYS)))}'"
            note = self.lit(rng.choice(FOLLOW_UP_NOTES[ftype]))
            outcome = self.lit(rng.choice(OUTCOMES))
            fid = self.next_id
            self.next_id += 1
            out.append(f"({fid}, 'F-{fid:06d}', {c['id']}, '{at}', '{date}', '{channel}', "
                       f"'{ftype}', {operator}, {note}, {outcome}, {severity}, {state}, {closed})")
        c["last_contact"] = None if last is None else self.day(last)
        c["last_visit"] = None if last_visit is None else self.day(last_visit)
        base = created if last is None else last
        c["next_due"] = None if interval is None else self.day(base + interval)
        c["next_due_explicit"] = 0
        c["dealt"] = int(dealt)
        c["claim_start"] = self.day(base)


def follow_up_inserts(values):
    """One multi-row INSERT into follow_up."""
    return (f"INSERT INTO follow_up ({', '.join(FOLLOW_UP_COLUMNS)}) VALUES\n"
            + ",\n".join(values) + ";\n")


def customers_sql(rows, follow_ups=0, seed=1):
    """The SQL load script, in chunks: customers with their follow-up bookkeeping, then (with
    follow_ups > 0) their follow-ups after each batch of customers, grades, grade history and
    the sequences."""
    yield "-- Generated by bench/gen_data.py: load into a database made by `archive init`.\n"
    yield "BEGIN;\n"
    writer = FollowUpWriter(seed)
    counts = follow_up_counts(writer.rng, len(rows), follow_ups) if follow_ups else None
    pending = []
    for start in range(0, len(rows), SQL_BATCH):
        batch = rows[start:start + SQL_BATCH]
        for i, c in enumerate(batch, start=start):
            writer.customer(c, counts[i] if counts else 0, pending)
        yield from batched_inserts("customer", SQL_CUSTOMER_COLUMNS,
                                   [[c[k] for k in SQL_CUSTOMER_COLUMNS] for c in batch])
        while len(pending) >= FOLLOW_UP_BATCH:
            yield follow_up_inserts(pending[:FOLLOW_UP_BATCH])
            del pending[:FOLLOW_UP_BATCH]
    if pending:
        yield follow_up_inserts(pending)
    grades = [(c["id"], s, code, since) for c in rows for s, code, since in c["grades"]]
    yield from batched_inserts("customer_grade", ("customer_id", "scheme", "code", "since"),
                               grades)
    owners = {c["id"]: c["owner"] for c in rows}
    history = [(cid, s, None, code, since, owners[cid]) for cid, s, code, since in grades]
    yield from batched_inserts(
        "grade_history", ("customer_id", "scheme", "from_code", "to_code", "on_date", "operator"),
        history)
    last = {}
    for c in rows:
        last[c["region"]] = int(c["archive_no"].rsplit("-", 1)[1])
    for region in sorted(last):
        yield (f"INSERT INTO sequence (name, next) VALUES ('archive:{region}', "
               f"{last[region] + 1}) ON CONFLICT (name) DO UPDATE SET next = "
               f"max(next, excluded.next);\n")
    if follow_ups:
        yield (f"INSERT INTO sequence (name, next) VALUES ('follow_up', {writer.next_id}) "
               f"ON CONFLICT (name) DO UPDATE SET next = max(next, excluded.next);\n")
    yield "COMMIT;\n"


# ---------------------------------------------------------------------------------------
# Follow-ups, materials, loans (CSV with English keys and archive_no first)


def csv_text(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def follow_ups_csv(customers, seed):
    rng = random.Random(seed * 7919 + 101)
    header = ("archive_no", "contact_at", "channel", "type", "operator", "note", "outcome",
              "grade", "next_due", "severity", "state")
    rows = []
    for c in customers:
        day = c["created"]
        for _ in range(min(rng.choices((0, 1, 2, 3, 4, 6, 10), (15, 25, 20, 15, 10, 10, 5))[0],
                           20)):
            day += dt.timedelta(days=rng.randint(1, 60))
            if day > LAST_CREATED:
                break
            ftype = weighted(rng, FOLLOW_UP_TYPES)
            at = f"{day.isoformat()} {rng.randint(8, 19):02d}:{rng.randrange(0, 60, 5):02d}"
            grade = ""
            if ftype == "sales" and rng.random() < 0.2:
                grade = "value:" + weighted(rng, VALUE_GRADES)
            next_due = (day + dt.timedelta(days=rng.choice((1, 3, 7, 14, 30)))).isoformat() \
                if rng.random() < 0.5 else ""
            severity = state = ""
            if ftype == "complaint":
                severity = "major" if rng.random() < 0.2 else "normal"
                state = "open" if rng.random() < 0.3 else "closed"
            rows.append((c["archive_no"], at, weighted(rng, CHANNELS), ftype, c["owner"],
                         rng.choice(FOLLOW_UP_NOTES[ftype]), rng.choice(OUTCOMES), grade,
                         next_due, severity, state))
    return csv_text(header, rows)


def generate_materials(customers, seed):
    """Per customer 0-5 materials: (archive_no, seq, title, kind, pages, location, level, filed)."""
    rng = random.Random(seed * 7919 + 202)
    out = []
    for c in customers:
        n = rng.choices((0, 1, 2, 3, 5), (30, 30, 20, 12, 8))[0]
        filed = c["created"]
        for seq in range(1, n + 1):
            kind, _, label = rng.choices(MATERIAL_KINDS, [k[1] for k in MATERIAL_KINDS])[0]
            filed = min(LAST_CREATED, filed + dt.timedelta(days=rng.randint(0, 90)))
            title = f"{c['name']}{label}" if kind != "contract" else \
                f"{c['name']}{rng.choice(('购销', '服务', '租赁', '装修'))}合同"
            location = f"{rng.choice('ABCD')}-{rng.randint(1, 20):02d}-{rng.randint(1, 6)}"
            pages = rng.choice((1, 1, 2, 3, 4, 6, 8, 12, 20, 35))
            out.append((c["archive_no"], seq, title, kind, pages, location, c["level"],
                        filed.isoformat()))
    return out


def materials_csv(customers, seed):
    header = ("archive_no", "seq", "title", "kind", "pages", "location", "level", "filed")
    return csv_text(header, generate_materials(customers, seed))


def loans_csv(customers, seed):
    rng = random.Random(seed * 7919 + 303)
    header = ("archive_no", "material", "borrower", "dept", "purpose", "approver", "external",
              "letter", "lent_on", "due", "returned_on", "received_by", "condition")
    rows = []
    for m in generate_materials(customers, seed):
        if rng.random() >= 0.05:
            continue
        archive_no, seq, _, _, _, _, level, filed = m
        lent = min(LAST_CREATED, dt.date.fromisoformat(filed) + dt.timedelta(
            days=rng.randint(1, 400)))
        external = rng.random() < 0.1
        approver = rng.choice(MANAGERS) if level in ("confidential", "secret") or \
            rng.random() < 0.2 else ""
        returned = ""
        received = condition = ""
        if rng.random() < 0.8:
            returned = (lent + dt.timedelta(days=rng.randint(0, 5))).isoformat()
            received = rng.choice(CLERKS)
            condition = rng.choice(("完好", "完好", "完好", "封面破损", "缺页已补"))
        borrower = "".join(person_name(rng, rng.choice(("male", "female"))))
        rows.append((archive_no, seq, borrower,
                     "外单位" if external else rng.choice(DEPTS),
                     rng.choice(("续保核对", "理赔审核", "合同续签", "审计抽查", "纠纷处理",
                                 "资料复印")),
                     approver, int(external),
                     f"介绍信{lent.year}第{rng.randint(1, 300)}号" if external else "",
                     lent.isoformat(), (lent + dt.timedelta(days=3)).isoformat(),
                     returned, received, condition))
    return csv_text(header, rows)


# ---------------------------------------------------------------------------------------
# Command line


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("customers", "follow-ups", "materials", "loans"):
        p = sub.add_parser(name)
        p.add_argument("--count", type=int, default=1000, help="number of customers")
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--output", help="file to write (default: stdout)")
        p.add_argument("--encoding", default="utf-8", choices=("utf-8", "utf-8-sig", "gbk"),
                       help="of CSV output (SQL is always UTF-8)")
        if name == "customers":
            p.add_argument("--messy", type=float, default=3.0,
                           help="per cent of CSV rows with one messy value (0: none)")
            p.add_argument("--format", default="csv", choices=("csv", "sql"))
            p.add_argument("--follow-ups", type=int, default=0, metavar="N",
                           help="with --format sql: N follow-up records for these customers, "
                                "and the bookkeeping they imply on the cards")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must not be negative")
    if getattr(args, "follow_ups", 0):
        if args.follow_ups < 0:
            parser.error("--follow-ups must not be negative")
        if args.format != "sql":
            parser.error("--follow-ups needs --format sql")
    return args


def render(args):
    """The output as an iterable of text chunks (SQL is streamed; CSV is one chunk)."""
    customers = generate_customers(args.count, args.seed)
    if args.command == "customers":
        if args.format == "sql":
            return customers_sql(customers, args.follow_ups, args.seed)
        return [customers_csv(customers, args.messy, args.seed)]
    if args.command == "follow-ups":
        return [follow_ups_csv(customers, args.seed)]
    if args.command == "materials":
        return [materials_csv(customers, args.seed)]
    return [loans_csv(customers, args.seed)]


def write_chunks(chunks, encoding, out):
    """Encodes and writes the chunks, a few megabytes at a time."""
    buffer = []
    size = 0
    for chunk in chunks:
        buffer.append(chunk)
        size += len(chunk)
        if size >= WRITE_CHUNK_CHARS:
            out.write("".join(buffer).encode(encoding))
            buffer, size = [], 0
    out.write("".join(buffer).encode(encoding))


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    encoding = "utf-8" if getattr(args, "format", "csv") == "sql" else args.encoding
    chunks = render(args)
    if args.output:
        with open(args.output, "wb") as f:
            write_chunks(chunks, encoding, f)
    else:
        write_chunks(chunks, encoding, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
