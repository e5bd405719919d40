// 双随机抽查与隐患闭环的文字：抽查计划、结果登记、公开页；隐患的一单四制与整改、验收。
export const supervisionZh = {
  unclosedDangers: '未闭环隐患', overdueDangers: '其中逾期未整改 {n} 个', latestPlan: '最近一次双随机抽查',
  spotChecks: '双随机抽查', draw: '抽取', drawTitle: '新建抽查计划（随机抽取电梯，随机分配检查人员）', title: '计划名称', titleHint: '如：2026年第四季度电梯双随机抽查',
  district: '抽取范围', wholeCity: '全市', sampleSize: '抽取台数', seed: '随机种子', seedHint: '留空由系统生成，随计划公开',
  drawn: '已抽取 {n} 台电梯', plans: '抽查计划', drawnOn: '抽取日期', population: '在用总数', checked: '已检查', progress: '{checked}/{items}',
  fingerprint: '样本库指纹', reproducible: '用同一随机种子、在同一样本库（指纹相同）上重新抽取，得到相同的电梯与检查人员。',
  weightRule: '风险权重 = 1 + 公众聚集场所 2 + 使用年限/10（最多 30 年）+ 每次故障 0.25（最多 20 次）+ 每次困人 1（最多 5 次）+ 每次超期或不合格检验 1（最多 3 次）',
  items: '抽中电梯', position: '序号', lift: '电梯', address: '地址', useUnit: '使用单位', weight: '风险权重', inspector: '检查人员', result: '检查结果',
  factors: '公众场所 {p} · 年限 {age} · 故障 {f} · 困人 {e} · 超期/不合格 {l}', yes: '是', no: '否', unknownAge: '未知',
  results: { pass: '合格', rectify: '责令整改', fail: '不合格' }, record: '登记结果', findings: '检查发现', findingsPrompt: '检查发现（不合格或责令整改时将自动立隐患单）',
  recorded: '已登记 {code} 的检查结果', notYours: '已分配给其他检查人员', publicPage: '公开页', noPlans: '尚无抽查计划',
  publicTitle: '双随机、一公开：电梯监督抽查计划与结果', publicNote: '本页公开抽查计划、随机种子与已完成检查的结果，不含个人信息；尚未检查的电梯不予公开。',
  noResults: '尚无已登记的结果',
  dangers: '隐患整改', status: '整改状态', openDanger: '立隐患单', danger: '隐患', level: '等级', levels: { general: '一般隐患', major: '重大隐患' },
  sources: { inspection: '检验', spot_check: '双随机抽查', incident: '事故/事件', maintenance: '维保', report: '举报/报告' },
  statuses: { open: '待整改', rectified: '已整改待验收', closed: '已闭环' }, statusFilter: { unclosed: '未闭环', all: '全部' },
  overdueOnly: '仅看逾期', overdue: '逾期 {n} 天', description: '隐患描述', measure: '整改措施', responsible: '责任人', deadline: '整改期限', foundOn: '发现日期',
  fourSystems: '一单四制：责任单位与责任人、整改措施、整改期限、验收销号', owner: '责任单位',
  events: '整改过程', actions: { opened: '立单', rectified: '提交整改', accepted: '验收通过', returned: '退回整改' },
  note: '说明', rectifyNote: '整改情况说明', returnNote: '退回原因', photos: '整改照片', addPhotos: '添加照片', rectify: '提交整改', accept: '验收通过', return: '退回整改',
  needPhoto: '请先上传至少一张整改照片', stepDone: '已{action}', noDangers: '没有符合条件的隐患', code: '设备代码', opened: '已立隐患单 #{id}'
}

// 月报（打印页）。
export const reportZh = {
  title: '电梯安全监察月报（{month}）', asOf: '统计截止 {date}（本市日期）', print: '打印', futureMonth: '该月尚未开始', monthly: '月报',
  rate: '一、定期检验：各区县定检率（时点口径，月末）', periodRate: '本月期间口径', target: '目标 {n}%。',
  trend: '二、近 12 个月定检率（月末）', incidents: '三、事故、困人与万台率（本月）', liftsInUse: '在用台数',
  accidents: '事故', incidentsAll: '事故/事件', deaths: '死亡', entrapments: '困人', accidentsPer10k: '万台事故率', deathsPer10k: '万台死亡率', entrapmentsPer10k: '万台困人率',
  dangers: '四、隐患排查治理', found: '本月发现', closed: '本月闭环', openNow: '未闭环（当前）', overdueNow: '逾期未整改（当前）', total: '合计',
  spotChecks: '五、双随机抽查', none: '本月无', filedBy: '填报单位（盖章）：', head: '负责人：', filedOn: '填报日期：'
}
