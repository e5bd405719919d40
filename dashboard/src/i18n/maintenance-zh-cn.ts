// 无纸化维保的文字：维保单位的工作清单与维保作业、电梯的维保记录、监察员的维保单位统计。
export const maintenanceZh = {
  title: '维保工作', today: '今天 {date}', overdue: '超期', dueToday: '今天到期', dueSoon: '即将到期', inProgress: '进行中', ok: '正常', noRecord: '无记录',
  empty: '没有需要处理的电梯', all: '全部', dueBy: '应于 {date} 前', start: '开始维保', resume: '继续维保', started: '开始于 {time}',
  intervals: { half_monthly: '半月维保', quarterly: '季度维保', half_yearly: '半年维保', annual: '年度维保' },
  statuses: { overdue: '超期', due_soon: '即将到期', ok: '正常', no_record: '无维保记录' },
  results: { pass: '合格', fail: '不合格', na: '不适用' },
  visit: '维保作业', checklist: '维保项目', version: '项目表第 {n} 版', items: '{done}/{total} 项已填写', allPass: '其余全部合格', note: '情况说明（不合格必填）',
  photos: '现场照片', photosNeed: '至少 {n} 张', addPhoto: '拍照/选择照片', removePhoto: '删除', workers: '维保人员', workerName: '姓名', certificate: '作业人员证编号（持证人员填写）',
  addWorker: '添加人员', sign: '签名', clear: '重写', signed: '已签名', unsigned: '未签名', saveWorkers: '保存人员与签名',
  submit: '提交维保记录', submitted: '已提交', problems: '提交前还需：', gps: '位置 {lat}, {lon}（±{acc} 米）', noGps: '未获取位置',
  verification: '物联网核验', verified: '电梯终端已确认（检修模式）', verdicts: { inspection_mode_seen: '维保期间终端报告检修模式', no_terminal: '电梯未接入监测终端', offline: '维保期间终端无数据', no_inspection_mode: '维保期间未见检修模式', too_short: '维保时长过短', far_from_lift: '开始维保时手机不在电梯附近', unavailable: '暂时无法查询' },
  confirm: '使用单位确认', confirmName: '安全管理员姓名', confirmed: '{name} 于 {time} 确认', notConfirmed: '使用单位尚未确认', doConfirm: '签名确认',
  hash: '记录哈希', seq: '第 {n} 条', chainValid: '记录链完整（{n} 条）', chainBroken: '记录链在第 {seq} 条断开：{reason}',
  breaks: { content_changed: '内容被改动', previous_hash_mismatch: '前序哈希不符', missing_record: '记录缺失', head_mismatch: '末尾记录缺失' },
  history: '维保记录', followUps: '未整改的不合格项', noRecords: '暂无维保记录', photosCount: '{n} 张照片', failedCount: '{n} 项不合格',
  firms: '维保单位情况', firm: '维保单位', lifts: '电梯台数', records: '记录数', onTimeRate: '按期率', verifiedRate: '终端核验率', overdueLifts: '超期电梯', openFollowUps: '未整改不合格项', liftsPerWorker: '人均台数',
  firmsNote: '按期：距该电梯上次维保不超过 15 日；终端核验：维保期间电梯终端报告检修模式；超期电梯与未整改项按今日计',
  startedAt: '维保时间', interval: '类别', result: '结果', seqShort: '链序号', print: '打印', printTitle: '电梯维护保养记录', doPrint: '打印本页',
  form: { lift: '设备代码', address: '使用地点', firm: '维保单位', useUnit: '使用单位', time: '维保时间', item: '维护保养项目（内容）', requirement: '基本要求', signatures: '维保人员签字', unitSignature: '使用单位安全管理员签字', chain: '记录链', corrects: '更正第 {id} 号记录' }
}
