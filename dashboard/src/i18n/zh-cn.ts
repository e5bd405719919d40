// 简体中文 (the default). en.ts must have the same keys: its type is this object's.
import { alarmZh, alertsZh, figuresZh, rescueZh } from './emergency-zh-cn.ts'
import { inspectionZh } from './inspection-zh-cn.ts'
import { maintenanceZh } from './maintenance-zh-cn.ts'
import { cylindersZh } from './cylinders-zh-cn.ts'
const base = {
  app: { name: '天鉴', subtitle: '电梯安全监察平台', skip: '跳到正文' },
  nav: { home: '首页', maintenanceFirms: '维保监管', rescue: '调度台', dispatches: '我的派单', maintenance: '维保工作', alerts: '告警', figures: '救援统计', elevators: '电梯列表', gateways: '网关', system: '系统状态', audit: '审计日志', cylinders: '气瓶', apiDocs: 'API 文档', logout: '退出登录', language: 'Language', menu: '菜单' },
  role: { admin: '系统管理员', dispatcher: '应急调度员', maintainer: '维保单位', inspector: '安全监察员', use_unit: '使用单位', filling_unit: '充装单位' },
  login: {
    title: '登录', username: '用户名', password: '密码', submit: '登录', failed: '登录失败',
    throttled: '登录失败次数过多，请 {s} 秒后再试', sessionEnded: '登录已失效，请重新登录',
    usernameRequired: '请输入用户名', passwordRequired: '请输入密码'
  },
  common: {
    loading: '加载中…', refresh: '刷新', retry: '重试', none: '—', yes: '是', no: '否', all: '全部', total: '共 {n} 台',
    online: '在线', offline: '离线', unknownPresence: '未知', back: '返回', view: '查看', reset: '重置', open: '打开', close: '关闭', cancel: '取消', save: '保存'
  },
  error: {
    network: '无法连接服务器：{detail}', forbidden: '当前角色无权访问该页面', notFound: '页面不存在', notFoundHint: '地址 {path} 没有对应的页面。',
    status: '请求失败（{status}）：{message}'
  },
  live: { connecting: '正在连接实时数据', open: '实时', reconnecting: '连接中断，{s} 秒后重连', closed: '实时数据未连接' },
  home: {
    dispatcher: '调度总览', maintainer: '我的维保电梯', inspector: '定期检验监察', admin: '系统管理', use_unit: '本单位电梯', filling_unit: '本单位气瓶',
    fleet: '电梯总数', online: '在线', offline: '离线', onlineUnavailable: '本进程未运行消息代理，无法统计在线状态',
    openList: '打开电梯列表', openOffline: '查看离线电梯', overdue: '超期未检', overdueInUse: '在用且超期未检',
    registry: '登记数据', districts: '区县', useUnits: '使用单位', firms: '维保单位', elevators: '电梯', gateways: '网关',
    links: '管理入口', gatewaysLink: '网关状态与拒收消息', systemLink: '系统状态', docsLink: 'API 文档（OpenAPI）',
    myLifts: '我的电梯', showAll: '查看全部',
    openRescues: '处置中的困人救援', awaitingDispatch: '待派单', openAlerts: '未处理告警', openBoard: '打开调度台', myDispatches: '派给本单位的救援',
    awaitingAccept: '待接单', figuresLink: '救援统计（到场时间、到场时限内比例、万台困人率）', alertsLink: '告警列表', rescueLink: '应急调度台',
    wall: {
      openCases: '处置中的困人救援（等待最久的在前）', today: '今日', month: '本月', withinLimit: '时限内到场比例',
      trend: '近 30 天每日困人案件', real: '困人', offlineByDistrict: '各区县终端离线电梯（共 {n} 台）', noneOffline: '没有终端离线的电梯'
    }
  },
  elevator: {
    equipmentCode: '设备代码', rescueId: '救援识别码', address: '地址', building: '楼栋', floors: '层数', district: '区县',
    useUnit: '使用单位', maintenanceFirm: '维保单位', kind: '设备类别', status: '设备状态', publicPlace: '公众聚集场所',
    lastInspection: '上次检验日期', nextInspection: '下次检验日期', gateway: '监测网关', overdue: '超期', presence: '在线',
    liveState: '当前状态', noGateway: '未接入网关',
    kinds: { traction: '曳引驱动电梯', hydraulic: '液压电梯', escalator: '自动扶梯', moving_walk: '自动人行道' },
    statuses: { in_use: '在用', stopped: '停用', scrapped: '报废' }
  },
  list: {
    title: '电梯列表', search: '设备代码 / 救援识别码 / 地址', district: '区县', useUnit: '使用单位', maintenanceFirm: '维保单位',
    status: '设备状态', kind: '设备类别', online: '在线状态', overdue: '定期检验', overdueOnly: '超期未检', notOverdue: '未超期',
    empty: '没有符合条件的电梯', floorShort: '{floor} 层'
  },
  lift: {
    facts: '登记信息', live: '实时状态', history: '运行历史', floor: '楼层', direction: '运行方向', doors: '轿门', doorZone: '开锁区域',
    occupancy: '轿内', mode: '服务模式', lastReport: '最近上报', notReported: '尚未上报状态', car: '轿厢',
    dir: { 0: '停止', 1: '上行', 2: '下行' }, moving: '运行中', stopped: '停止',
    doorClosed: '关闭并锁紧', doorOpen: '未锁紧', inZone: '在门区', outZone: '不在门区', occupied: '有人', empty: '无人',
    speed: '速度', load: '载重', power: '供电', powerNormal: '正常', powerOutage: '断电', trips: '累计运行次数', runHours: '累计运行小时',
    ranges: { hour: '近 1 小时', day: '近 1 天', week: '近 1 周' }, noHistory: '该时段没有数据',
    downsampled: '每 {s} 秒取一点', floorSeries: '楼层', speedSeries: '速度 (m/s)', notFound: '没有这台电梯，或不在您的权限范围内'
  },
  mode: { 0: '停止服务', 1: '正常运行', 2: '检修', 3: '消防返回', 4: '消防员运行', 5: '应急电源运行', 6: '地震模式', 7: '未知' },
  gateways: {
    title: '监测网关', search: '网关编号或名称', id: '网关编号', name: '名称', status: '状态', lastSeen: '最近通信', firmware: '固件',
    rate: '消息/分钟', messages: '已接收', rejected: '已拒收', equipment: '电梯数', disabled: '已停用', rejections: '最近拒收的消息',
    rejectionsOf: '网关 {id} 最近拒收的消息', time: '时间', topic: '主题', accepted: '接收条数', rejectedItems: '拒收条数',
    reason: '原因', path: '字段', message: '说明', item: '条目', noRejections: '没有拒收记录（自消息代理启动以来）', empty: '还没有网关', noMatch: '没有符合条件的网关',
    sinceStart: '计数自消息代理启动以来'
  },
  system: {
    title: '系统状态', overall: '总体', ok: '正常', degraded: '降级', broker: 'MQTT 消息代理', influx: '时序数据库 InfluxDB',
    database: '登记数据库', redis: '集群 Redis', up: '运行', down: '故障', detail: '详情', version: '版本', backlog: '待写入点数', spool: '磁盘暂存',
    checkedAt: '检查时间 {t}', adminOnly: '各部件的运行详情仅系统管理员可见'
  },
  audit: {
    title: '审计日志', total: '共 {n} 条', hint: '通过接口所做的每一项变更和每一次登录（成功或失败）：谁、何时、从哪里、改了什么。日志只增不改，任何人都无法修改或删除。',
    at: '时间', actor: '操作人', action: '操作', target: '对象', targetType: '对象类型', targetId: '对象编号', ip: '来源地址', status: '结果',
    from: '开始时间', to: '结束时间', allOf: '全部{record}操作', empty: '没有符合条件的记录', field: '字段', before: '变更前', after: '变更后',
    noRecord: '此操作没有记录内容的变化',
    records: { auth: '登录', user: '用户', gateway: '网关', district: '区县', use_unit: '使用单位', maintenance_firm: '维保单位', elevator: '电梯', webhook: 'Webhook', inspection: '检验记录', incident: '事故/事件' },
    targets: { user: '用户', gateway: '网关', district: '区县', use_unit: '使用单位', maintenance_firm: '维保单位', elevator: '电梯', webhook: 'Webhook', alerts: '告警', rescues: '救援案件' },
    actions: {
      auth: { login: '登录', login_failed: '登录失败', logout: '退出登录' },
      user: { create: '新建用户', update: '修改用户' },
      gateway: { create: '开通网关', update: '修改网关', rotate_secret: '更换网关密钥', delete: '删除网关' },
      district: { create: '新建区县', update: '修改区县' },
      use_unit: { create: '新建使用单位', update: '修改使用单位' },
      maintenance_firm: { create: '新建维保单位', update: '修改维保单位' },
      elevator: { create: '登记电梯', update: '修改电梯', delete: '删除电梯', import: '导入电梯（CSV）' },
      webhook: { create: '新建 Webhook', update: '启用/停用 Webhook', delete: '删除 Webhook' },
      inspection: { create: '登记检验记录', import: '导入检验记录（CSV）' },
      incident: { create: '登记事故/事件' }
    }
  },
  districts: {
    title: '辖区救援设置', name: '辖区', arrivalLimit: '到达时限', minutes: '{n} 分钟', station: '网格救援站（二级）',
    noStation: '未设置', edit: '修改'
  }
}

export const zhCN = { ...base, rescue: rescueZh, alerts: alertsZh, figures: figuresZh, alarm: alarmZh, inspection: inspectionZh, maintenance: maintenanceZh, cylinders: cylindersZh }
export type Messages = typeof zhCN
