# The database the `purge_*` CLI cases share, built with the real commands (sourced by their
# setup; ARCHIVE_CONFIG names a config whose [roles] managers lists 王经理). On 2026-03-12:
#   KH-000001 欧阳娜娜, closed 2015-06-01, contract filed 2014: the whole archive is due;
#   KH-000002 张伟, active: photo of 2019 due (5 years), contract of 2020 not;
#   KH-000003 李娜, closed 2014, under a legal hold: blocked;
#   KH-000004 王强, closed 2014, its photo on loan: blocked;
#   KH-000005 赵敏, active, photo of 2018 due, an open complaint: blocked.
a() { archive -q --operator 王芳 "$@"; }
archive init -q
a --today 2014-01-05 add --name 欧阳娜娜 --mobile 13800138000 --id-number 11010519491231002X \
  --company 上海欧阳贸易有限公司 --grade A >/dev/null
a --today 2014-01-05 file KH-000001 --title 欧阳娜娜购房合同 --kind contract --pages 5 >/dev/null
a --today 2014-02-01 follow-up KH-000001 --channel phone --note 回访 >/dev/null
a --today 2014-03-01 edit KH-000001 --set address=上海市黄浦区南京东路1号 >/dev/null
a --today 2015-06-01 close KH-000001 >/dev/null
a --today 2019-02-01 add --name 张伟 --mobile 13912345678 >/dev/null
a --today 2019-02-01 file KH-000002 --title 张伟身份证照片 --kind photo --pages 1 >/dev/null
a --today 2020-05-05 file KH-000002 --title 张伟合同 --kind contract --pages 8 >/dev/null
a --today 2014-01-05 add --name 李娜 >/dev/null
a --today 2014-06-01 close KH-000003 >/dev/null
archive -q --today 2026-03-01 --operator 王经理 hold KH-000003 --reason 民事诉讼 >/dev/null
a --today 2014-01-05 add --name 王强 >/dev/null
a --today 2014-01-05 file KH-000004 --title 王强照片 --kind photo --pages 2 >/dev/null
a --today 2014-06-01 close KH-000004 >/dev/null
a --today 2026-03-10 lend KH-000004/1 --to 张三 --dept 法务部 --purpose 核对 >/dev/null
a --today 2018-01-05 add --name 赵敏 >/dev/null
a --today 2018-01-05 file KH-000005 --title 赵敏照片 --kind photo >/dev/null
a --today 2026-03-01 follow-up KH-000005 --channel phone --type complaint --note 投诉 >/dev/null
