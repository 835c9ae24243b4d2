# The database the `report_*` CLI cases share, built with the real commands: customers of
# several kinds, owners and sources, grades and intent moves, follow-ups and complaints,
# materials, loans and a closed archive, mostly in March 2026. Sourced by their setup.
mkdir -p "$XDG_CONFIG_HOME/archive"
cat >"$XDG_CONFIG_HOME/archive/config.toml" <<'TOML'
[roles]
managers = ["王经理"]
TOML
a() { archive -q --operator 王芳 "$@"; }
z() { archive -q --operator 赵磊 "$@"; }
archive init -q
a --today 2026-03-02 add --name 张伟 --mobile 13812348000 --owner 王芳 --source walk-in \
  --grade A --grade intent:C --birthday 1980-04-10 --id-number 11010519491231002X >/dev/null
a --today 2026-03-05 add --name 李娜 --owner 王芳 --source phone --grade B --birthday 1992-02-29 \
  --mobile 13912345678 >/dev/null
a --today 2026-02-10 add --name 上海建材有限公司 --kind company --owner 赵磊 \
  --source exhibition --grade A >/dev/null
a --today 2026-03-16 add --name 赵敏 --owner 赵磊 --source referral --grade intent:C \
  --birthday 1985-06-30 >/dev/null
a --today 2016-01-04 add --name 市政府办公室 --kind government --grade C >/dev/null
a --today 2016-01-04 file KH-000005 --title 来往函件 --kind correspondence --pages 12 >/dev/null
a --today 2016-05-20 close KH-000005 >/dev/null
a --today 2026-03-20 add --name 王强 --owner 王芳 --source web >/dev/null
a --today 2026-03-20 file KH-000006 --title 证件 --kind id_copy --filed 2020-01-10 --pages 2 >/dev/null
a --today 2026-03-25 close KH-000006 >/dev/null
# Intent moves in March: KH-000001 C -> H -> O, KH-000002 none -> A -> O, KH-000004 C -> L.
a --today 2026-03-10 grade KH-000001 intent:H >/dev/null
a --today 2026-03-20 grade KH-000001 intent:O >/dev/null
a --today 2026-03-06 grade KH-000002 intent:A >/dev/null
a --today 2026-03-30 grade KH-000002 intent:O >/dev/null
a --today 2026-03-28 grade KH-000004 intent:L >/dev/null
# Follow-ups and complaints.
a --today 2026-03-03 follow-up KH-000001 --channel phone >/dev/null
a --today 2026-03-10 follow-up KH-000001 --channel visit --next 2026-04-02 >/dev/null
z --today 2026-03-12 follow-up KH-000002 --channel wechat --next 2026-03-26 >/dev/null
z --today 2026-03-18 follow-up KH-000003 --channel store --next 2026-03-31 >/dev/null
z --today 2026-03-05 follow-up KH-000003 --channel phone --type complaint \
  --severity major --note 送货延误 >/dev/null
a --today 2026-03-09 follow-up close F-000005 >/dev/null
a --today 2026-03-20 follow-up KH-000001 --channel phone --type complaint --note 发票错误 >/dev/null
a --today 2026-02-20 follow-up KH-000003 --channel email --type complaint --next 2026-03-31 >/dev/null
a --today 2026-02-27 follow-up close F-000007 >/dev/null
# Materials and loans.
a --today 2026-03-02 file KH-000001 --title 购房合同 --kind contract --filed 2016-04-20 --pages 8 >/dev/null
a --today 2026-03-05 file KH-000002 --title 身份证复印件 --kind id_copy --filed 2021-06-01 >/dev/null
a --today 2026-03-05 file KH-000003 --title 发票 --kind invoice --pages 3 >/dev/null
a --today 2026-03-12 lend KH-000001/1 --to 张三 --dept 销售部 --purpose 核对合同 >/dev/null
a --today 2026-03-14 return L-000001 >/dev/null
a --today 2026-03-20 lend KH-000003/1 --to 李四 --dept 财务部 --purpose 审计 >/dev/null
a --today 2026-03-30 lend KH-000002/1 --to 周杰 --dept 客服部 --purpose 回访 >/dev/null
# The destruction register: a purge run on 31 March destroys the two expired materials.
a --today 2026-03-31 purge --yes --approved-by 王经理 --no-backup >/dev/null
