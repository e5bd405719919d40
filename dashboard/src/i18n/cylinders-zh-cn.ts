// Gas cylinder texts: the cylinder list and figures, a filling unit's day, a cylinder's timeline, the public lookup.
export const cylindersZh = {
  title: '气瓶监管', mine: '本单位气瓶', total: '共 {n} 只', search: '气瓶编码或使用登记证编号（前缀）', status: '状态', unit: '充装单位', allUnits: '全部充装单位',
  medium: '介质', code: '气瓶编码', registrationNo: '使用登记证编号', nextDue: '下次检验', lastInspected: '上次检验', endOfLife: '设计使用年限至', made: '制造日期',
  manufacturer: '制造单位', serial: '出厂编号', volume: '容积', pressure: '公称工作压力', capacity: '最大充装量', tare: '皮重', scrapped: '报废日期', scrapReason: '报废原因',
  rate: '气瓶定检率', inUse: '在用', overdue: '超期未检', failed: '检验不合格', pastLife: '超设计使用年限', scrappedCount: '已报废', formula: '计算方法',
  byUnit: '各充装单位定检率', alerts: '充装单位告警（每日扫描）', noAlerts: '没有未关闭的告警', cylindersN: '{n} 只', earliest: '最早 {date}',
  today: '今日充装', fills: '充装', refusals: '拒充', forced: '违规充装', reasons: '拒充原因', noRefusals: '今日没有拒充',
  mustNotFill: '不得充装的气瓶', mustNotFillTotal: '共 {n} 只不得充装', noneMustNot: '没有不得充装的气瓶', stations: '充装站', open: '查看',
  timeline: '全生命周期追溯', noEvents: '没有记录', back: '返回气瓶列表', notFound: '没有这只气瓶，或不在您的权限范围内',
  statuses: { in_use: '在用', inspection_overdue: '超期未检', failed: '检验不合格', scrapped: '已报废' },
  kinds: { registered: '建档', filled: '充装', refused: '拒充', inspected: '定期检验', transferred: '转移', scrapped: '报废', forced_fill: '违规充装' },
  reasonNames: { unregistered: '未登记', wrong_medium: '介质不符', other_unit: '非本单位气瓶', inspection_overdue: '超期未检', failed: '检验不合格', scrapped: '已报废', past_design_life: '超设计使用年限' } as Record<string, string>,
  alertTypes: { cylinder_inspection_overdue: '气瓶超期未检', cylinder_past_life: '气瓶超设计使用年限' },
  results: { pass: '合格', fail: '不合格' },
  details: { massKg: '充装量 {n} kg', operator: '充装人员 {name}', station: '充装站 {code}', result: '结论：{r}', nextDue: '下次检验 {date}', from: '自 {from} 转入', reason: '原因：{r}' },
  lookup: {
    title: '气瓶信息查询', hint: '扫描气瓶上的二维码，或输入气瓶编码', placeholder: '气瓶编码', submit: '查询', owner: '产权/充装单位',
    unknown: '没有这个编码的气瓶：请勿使用，并联系充装单位', safe: '可以使用', unsafe: '不得使用、不得充装', throttled: '查询过于频繁，请稍后再试'
  }
}
