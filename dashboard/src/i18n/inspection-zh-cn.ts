// 定期检验的文字：监察员首页、电梯的检验记录与登记表单。
export const inspectionZh = {
  notice: '督办', noticed: '已督办', noticeSent: '已向{unit}发送督办通知', notices: '督办通知', acknowledge: '已知悉', acknowledged: '已知悉 {at}', noticeFrom: '{who} 于 {at} 督办',
  rate: '定检率', rateNow: '定检率（今天）', target: '目标 {n}%', trend: '近 12 个月定检率（月末）与目标', targetLine: '目标',
  overdue: '在用超期未检', dueSoon: '30 天内到期', failed: '检验不合格未复检', incidents12: '近 12 个月事故/事件',
  deaths: '死亡 {n} 人', per10k: '万台事故率 {a} · 万台死亡率 {d} · 万台困人 {e}', formula: '计算口径',
  byDistrict: '各区县定检率与超期', district: '区县', inUse: '在用台数', overdueCount: '超期', rateCol: '定检率', dueSoonCount: '30 天内到期',
  running: '违规使用：超期或不合格仍在运行', runningHint: '超期未检或检验不合格、终端仍报告运行的电梯；自有效期次日起统计，每日扫描更新', unfitSince: '自 {date} 起不得使用',
  tripsSince: '此后运行次数', tripsUnknown: '终端未报运行次数', movingPoints: '{n} 个运行状态', lastMoving: '最近运行',
  shownForm: '上方所示为时点口径：', periodRate: '期间口径：{rate}（按期 {onTime} / 应检 {due}）。',
  overdueList: '超期未检与不合格的在用电梯', dueSoonList: '30 天内到期的电梯（须提前一个月申请检验）', incidentList: '近期事故/事件',
  lift: '电梯', address: '地址', useUnit: '使用单位', contact: '联系人', validUntil: '有效期至', daysLeft: '剩余天数', days: '{n} 天', overdueDays: '超期 {n} 天',
  occurredOn: '发生日期', kind: '类别', casualties: '伤亡', cause: '原因', source: '来源', none: '无', showAll: '查看全部', downloadCsv: '导出 CSV',
  history: '检验记录', status: '检验状态', basis: { records: '依据检验记录', registry: '依据登记信息（尚无检验记录）', none: '无检验信息' },
  statuses: { valid: '有效', due_soon: '即将到期', overdue: '超期未检', failed: '不合格未复检', unknown: '无检验信息' },
  kinds: { periodic: '定期检验', self_test: '自行检测', acceptance: '验收检验' },
  results: { pass: '合格', fail: '不合格', pass_after_retest: '复检合格' },
  incidentKinds: { accident: '事故', incident: '事件' },
  incidentSources: { inspection: '检验', police: '公安', rescue: '救援案件', report: '报告' },
  inspectedOn: '检验日期', body: '检验机构', inspector: '检验人员', result: '检验结论', reportNo: '报告编号', nextDue: '下次检验日期', enteredBy: '登记人',
  addRecord: '登记检验记录', save: '保存', saved: '已登记检验记录 {no}', noRecords: '尚无检验记录', required: '请填写{field}'
}
