// 简体中文: the emergency center (rescue desk, a firm's dispatches, alerts, figures, the alarm). Terms follow
// DB32/T 4130-2021 and the 96333 centers' usage: 接警, 派单, 接单（处置响应）, 到场, 解救完成, 回访, 结案, 误报, 升级.
export const rescueZh = {
  board: '应急调度台', boardHint: '处置中的困人救援，等待最久的在前', empty: '当前没有处置中的困人救援', firmEmpty: '当前没有派给本单位的救援', count: '处置中 {n} 起', open: '查看案件',
  status: { reported: '接警待派单', dispatched: '已派单', accepted: '已接单', arrived: '已到场', released: '解救完成', called_back: '已回访', closed: '已结案', false_alarm: '误报' },
  actions: { dispatch: '派单', accept: '接单', arrive: '到场', release: '解救完成', call_back: '回访', close: '结案', false_alarm: '误报', escalate: '升级' },
  steps: { reported: '接警', dispatch: '派单', accept: '接单（处置响应）', arrive: '到场', release: '解救完成', call_back: '回访', close: '结案', false_alarm: '标记误报', escalate: '升级', warn: '提醒', call: '来电（并入本案）', alert: '告警（并入本案）' },
  level: '{n} 级', levels: { 1: '一级 · 维保单位', 2: '二级 · 网格救援站 / 其他单位', 3: '三级 · 110 / 119' },
  sources: { between_floors: '非平层关人', at_landing: '平层关人', terminal_code: '终端报困人', alarm_with_passenger: '报警按钮 · 轿内有人', phone: '电话报警' },
  kinds: { at_landing: '平层关人', between_floors: '非平层关人' },
  offlineSince: '终端离线（自 {t} 起）：现场情况请电话核实',
  clock: { waited: '已等待', limit: '到场时限 {n} 分钟', left: '剩余 {t}', over: '超时 {t}', arrived: '到场用时 {t}', stopped: '计时结束' },
  rescueId: '救援识别码', address: '地址', district: '区县', firm: '救援单位', contractedFirm: '签约维保单位', firmPhone: '24 小时电话',
  useUnit: '使用单位', useUnitPhone: '使用单位电话', caller: '来电', reportedAt: '接警时间', cause: '故障原因', equipmentCode: '设备代码',
  noFirm: '未指定', notDispatched: '尚未派单', levelTwoFirm: '网格救援站（二级）', noStation: '未设置',
  dialog: {
    closeTitle: '结案', closeLabel: '故障原因（结案必填）', closePlaceholder: '例如：门锁回路接触不良，已修复',
    falseAlarmTitle: '标记误报', falseAlarmLabel: '如何确认是误报', falseAlarmPlaceholder: '例如：回拨确认轿内无人，传感器误报',
    escalateTitle: '升级救援', escalateLevel: '升级到', escalateFirm: '二级救援单位', escalateFirmHint: '区县网格救援站或其他维保单位',
    escalateReason: '原因', escalateReasonDefault: '调度员升级', level3Hint: '三级救援：请立即拨打 110 / 119，并在此登记',
    dispatchTitle: '派单', dispatchFirm: '派给', submit: '确定', cancel: '取消'
  },
  done: '已登记：{action}',
  dispatchTo: '派单 → {firm}',
  call: {
    title: '电话接警', hint: '按来电人报出的救援识别码（轿厢内张贴的 6 位数字）、地址或设备代码查找电梯', placeholder: '救援识别码 / 地址 / 设备代码',
    caller: '来电人 / 电话', submit: '接警立案', none: '没有找到电梯', opened: '已立案：救援识别码 {rescueId}', joined: '该电梯已有处置中的案件 #{id}：来电已并入', choose: '选择电梯'
  },
  page: { title: '救援案件 #{id}', facts: '案件信息', timeline: '处置记录', notFound: '没有这个救援案件，或不在您的权限范围内', back: '返回调度台', closedNote: '案件已结束', arrivalTook: '接警 → 到场 {m} 分钟', rescueTook: '到场 → 解救完成 {m} 分钟' },
  timeline: { actor: '操作人', system: '系统', level: '级别', firm: '单位', detail: '说明' },
  stale: '案件已被他人更新，已重新读取'
}

export const alarmZh = {
  label: '警报', soundOn: '有声', soundOff: '静音', ringing: '{n} 起警情待处理', quiet: '没有待处理的警情', mute: '关闭警报声', unmute: '打开警报声',
  enableSound: '启用声音', blocked: '浏览器尚未允许播放声音：点击“启用声音”或页面任意处', unsupported: '此浏览器不能播放警报声',
  silence: '停止响铃', deskBanner: '新的困人、燃气泄漏或违规充装警情，或升级，{n} 起待处理', firmBanner: '新的派单，{n} 起待接单'
}

export const alertsZh = {
  title: '告警', total: '共 {n} 条', all: '全部', type: '类型', severity: '级别', status: '状态', raisedAt: '发生时间', lift: '电梯', firm: '维保单位',
  firmPhone: '24 小时电话', useUnit: '使用单位', empty: '没有符合条件的告警', detail: '告警详情', history: '处理记录',
  types: {
    entrapment: '困人', alarm_button: '报警按钮', alarm_in_service: '检修/消防状态下报警', sensor_stuck: '传感器疑似卡滞', fault: '故障（全部）', power_outage: '停电',
    fire_recall: '消防返回', earthquake: '地震模式', offline: '终端离线',
    inspection_overdue: '超期未检或检验不合格', inspection_due_soon: '即将到期检验', inspection_running: '违规使用（超期或不合格仍在运行）', danger_overdue: '隐患逾期未整改', maintenance_overdue: '维保超期', maintenance_unrecorded: '检修无维保记录',
    cylinder_leak: '气瓶燃气泄漏', cylinder_overpressure: '气瓶超压', non_compliant_filling: '违规充装（预检不合格仍充装）',
    cylinder_inspection_overdue: '充装单位气瓶超期未检', cylinder_past_life: '充装单位气瓶超设计使用年限'
  },
  faultPrefix: '故障',
  faults: {
    '01': '安全回路断路', '02': '关门故障', '03': '开门故障', '04': '门区外停梯', '05': '轿厢意外移动', '06': '电动机运转时间限制器动作',
    '07': '楼层位置丢失', '08': '防止电梯再运行的故障', overspeed: '超速', door_open_running: '运行中开门', overrun_top: '冲顶',
    overrun_bottom: '蹲底', door_lock_circuit: '门锁回路断路'
  },
  severities: { critical: '紧急', major: '严重', minor: '一般', warning: '提示' },
  statuses: { open: '未处理', raised: '新告警', acknowledged: '已确认', assigned: '已指派', cleared: '已消除', closed: '已关闭', all: '全部状态' },
  steps: { raised: '发生', acknowledged: '确认', assigned: '指派', cleared: '消除', closed: '关闭', updated: '更新', comment: '备注' },
  acknowledge: '确认', assign: '指派', close: '关闭', comment: '备注', addComment: '添加备注', commentPlaceholder: '处理说明（可选）',
  assignTo: '指派给维保单位', entrapmentNote: '困人告警随救援案件结案', openRescue: '查看救援案件', rescueCase: '救援案件 #{id}', actor: '操作人', time: '时间',
  done: '已{step}'
}

export const figuresZh = {
  title: '救援统计', period: '统计期间', thisMonth: '本月', lastMonth: '上月', custom: '自定义', download: '下载 CSV',
  total: '全市合计', byDistrict: '按区县', byFirm: '按签约维保单位（其电梯的案件）', byResponder: '按救援单位（自本单位派单起计）', name: '名称', cases: '案件数', falseAlarms: '误报数', liftsInUse: '在用电梯',
  arrivals: '到场案件', rescues: '解救案件', limitDecided: '可判定案件', lateNoArrival: '超时未到场',
  ofArrivals: '{n} 起已到场案件', ofRescues: '{n} 起已解救案件', ofDecided: '{n} 起可判定案件，含超时未到场 {late} 起', ofCases: '共 {n} 起案件', ofLifts: '在用电梯 {n} 台',
  arrivalMean: '平均到场（分钟）', arrivalP90: '到场 P90（分钟）', rescueMean: '平均解救（分钟）', rescueP90: '解救 P90（分钟）',
  withinLimit: '时限内到场比例', per10k: '万台月困人率', falseAlarmShare: '误报比例', minutes: '分钟', none: '本期间没有救援案件',
  chartArrival: '到场与解救时间（分钟）',
  definitions: '口径说明', periodNote: '按接警时间统计 {from} 至 {to}（北京时间）',
  defs: {
    arrival: '到场时间：接警 → 到场（全市、区县、签约维保单位：乘客等待的时间）；救援单位按本单位被派单 → 到场计；误报不计；P90 取最近秩（实际发生的值）',
    rescue: '解救时间：到场 → 解救完成',
    withinLimit: '时限内到场比例：时限内到场的案件 ÷（已到场案件 + 超过时限仍无人到场的案件），时限为所在区县的到场时限；尚未到时限且未到场的案件不计',
    per10k: '万台月困人率：实际困人案件（不含误报）÷ 在用电梯台数（状态为在用，按当前登记）÷ 已过去的月数 × 10,000；签约维保单位以其签约电梯为分母，救援单位不计此率',
    firms: '同一案件计入电梯的签约维保单位；若由网格救援站或其他单位到场，另计入该救援单位，其到场时间自其被派单起计',
    falseAlarm: '误报比例：误报案件 ÷ 全部案件',
    compare: '公开数据参考：中卫 2023 年 7 月 平均到场 12.60 分钟、解救 3.72 分钟，100% 在 30 分钟内；江苏 2020 年 13.1 / 4.8 分钟'
  }
}
