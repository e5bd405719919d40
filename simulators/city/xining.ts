// The demo city: Xining (西宁), capital of Qinghai. Districts with their division codes and arrival limits
// (TSG T5002-2017 art. 5: 30 min in a city district, 60 min in a county), street names, the kinds of
// places lifts stand in, and a dozen maintenance firms. Place and firm names are made up from Xining's
// street and district names for the demo; a match with a real organisation is a coincidence.

export interface DistrictData {
  code: string
  name: string
  arrivalLimitMin: number
  /** Share of the city's lifts: the four urban districts hold most of the high-rises. */
  weight: number
  /** Address prefix after 西宁市: the district, plus the town for the outlying ones. */
  area: string
  streets: readonly string[]
}

export const DISTRICTS: readonly DistrictData[] = [
  { code: '630102', name: '城东区', arrivalLimitMin: 30, weight: 18, area: '城东区', streets: ['八一中路', '八一东路', '东关大街', '建国路', '互助中路', '民和路', '德令哈路', '康宁路', '湟光路', '共和路', '南小街', '周家泉路'] },
  { code: '630103', name: '城中区', arrivalLimitMin: 30, weight: 18, area: '城中区', streets: ['西大街', '南大街', '北大街', '长江路', '南川东路', '南川西路', '南山路', '解放路', '礼让街', '西门街', '昆仑中路', '法院街'] },
  { code: '630104', name: '城西区', arrivalLimitMin: 30, weight: 24, area: '城西区', streets: ['五四大街', '五四西路', '胜利路', '西关大街', '文汇路', '海晏路', '冷湖路', '黄河路', '新宁路', '同仁路', '西川南路', '昆仑西路'] },
  { code: '630105', name: '城北区', arrivalLimitMin: 30, weight: 18, area: '城北区', streets: ['柴达木路', '宁张路', '祁连路', '小桥大街', '朝阳东路', '朝阳西路', '经二路', '海湖路', '宁大路', '北山路', '天峻桥路'] },
  { code: '630106', name: '湟中区', arrivalLimitMin: 30, weight: 10, area: '湟中区鲁沙尔镇', streets: ['金塔路', '莲湖路', '湟中大街', '康川路', '多巴大道', '甘河路'] },
  { code: '630121', name: '大通县', arrivalLimitMin: 60, weight: 8, area: '大通县桥头镇', streets: ['园林路', '人民路', '景阳路', '向化路', '长宁路', '北川河路'] },
  { code: '630123', name: '湟源县', arrivalLimitMin: 60, weight: 4, area: '湟源县城关镇', streets: ['西大街', '光华路', '丹噶尔路', '城关路', '北大街', '东大街'] }
]

export type SiteKind = 'hospital' | 'station' | 'mall' | 'school' | 'office' | 'housing'

export interface SiteKindData {
  /** Public gathering place (公众聚集场所): inspected and rescued with priority. */
  publicPlace: boolean
  /** Share of the city's lifts in places of this kind. */
  share: number
  buildings: readonly [number, number]
  liftsPerBuilding: readonly [number, number]
  landings: readonly [number, number]
  /** Chance of basement levels (parking) under the building. */
  basement: number
  /** Passenger traffic relative to an average lift. */
  traffic: number
  /** Share of low-rise lifts that are hydraulic rather than traction. */
  hydraulic: number
  buildingNames: readonly string[] | null
  /** The place runs its lifts itself (hospital, school) or a property company does (housing, offices). */
  ownUseUnit: boolean
}

export const SITE_KINDS: Record<SiteKind, SiteKindData> = {
  hospital: { publicPlace: true, share: 0.08, buildings: [3, 6], liftsPerBuilding: [3, 8], landings: [6, 22], basement: 0.6, traffic: 2, hydraulic: 0, buildingNames: ['门诊楼', '住院部', '医技楼', '急诊楼', '综合楼', '科研楼', '感染楼'], ownUseUnit: true },
  station: { publicPlace: true, share: 0.03, buildings: [1, 3], liftsPerBuilding: [2, 6], landings: [2, 4], basement: 0.3, traffic: 2, hydraulic: 0.3, buildingNames: ['站房', '出站通道', '换乘中心'], ownUseUnit: true },
  mall: { publicPlace: true, share: 0.08, buildings: [1, 2], liftsPerBuilding: [4, 10], landings: [4, 8], basement: 0.8, traffic: 1.6, hydraulic: 0.05, buildingNames: ['A座', 'B座'], ownUseUnit: true },
  school: { publicPlace: true, share: 0.05, buildings: [2, 5], liftsPerBuilding: [1, 3], landings: [5, 12], basement: 0.1, traffic: 0.8, hydraulic: 0, buildingNames: ['教学楼', '图书馆', '实验楼', '宿舍楼', '行政楼'], ownUseUnit: true },
  office: { publicPlace: false, share: 0.08, buildings: [1, 2], liftsPerBuilding: [3, 8], landings: [12, 30], basement: 0.8, traffic: 1.2, hydraulic: 0, buildingNames: ['A座', 'B座'], ownUseUnit: false },
  housing: { publicPlace: false, share: 0.68, buildings: [4, 16], liftsPerBuilding: [2, 4], landings: [11, 33], basement: 0.5, traffic: 0.6, hydraulic: 0, buildingNames: null, ownUseUnit: false }
}

export const HOSPITAL_NAMES = ['人民医院', '中医院', '妇幼保健院', '第二人民医院', '骨科医院', '康复医院', '口腔医院', '眼科医院', '肿瘤医院', '中西医结合医院']
export const STATION_NAMES = ['汽车客运站', '公交枢纽站', '综合交通换乘中心', '城际客运站']
export const MALL_NAMES = ['万和广场', '昆仑购物中心', '夏都商厦', '湟水天街', '高原之星购物公园', '三江源百货', '祁连购物中心', '海湖印象城']
export const SCHOOL_NAMES = ['实验中学', '第一中学', '第二中学', '实验小学', '职业技术学校', '民族中学', '外国语学校', '师范附属中学']
export const OFFICE_NAMES = ['国投大厦', '金融大厦', '科技大厦', '夏都大厦', '昆仑大厦', '丝路大厦', '高原大厦', '湟水大厦']
export const ESTATE_PREFIXES = ['海湖', '昆仑', '湟水', '夏都', '祁连', '青藏', '三江', '雪域', '南川', '北川', '阳光', '锦绣', '金座', '盛世', '凤凰', '紫金', '宁湖', '万和', '湟光', '丹噶尔']
export const ESTATE_SUFFIXES = ['花园', '小区', '家园', '新城', '雅苑', '嘉园', '名苑', '公馆', '华庭', '世家', '绿洲', '府']
export const PROPERTY_COMPANIES = ['青海{}物业服务有限公司', '西宁{}物业管理有限公司']

/** A dozen firms licensed to maintain lifts in the city; the first ones hold the largest contracts. */
export const FIRMS = [
  '青海昆仑电梯工程有限公司', '西宁高原电梯维保有限公司', '青海三江源电梯服务有限公司', '西宁湟水电梯安装维修有限公司',
  '青海祁连电梯工程有限公司', '西宁夏都电梯技术服务有限公司', '青海柴达木机电设备有限公司', '西宁江河电梯有限公司',
  '青海瑞丰电梯工程有限公司', '西宁安泰电梯服务有限公司', '青海宏达电梯维保有限公司', '西宁鼎盛电梯工程有限公司'
] as const

/** Where lifts are made, by administrative division (the code's second part), and how common each is here. */
export const MANUFACTURER_REGIONS: ReadonlyArray<readonly [string, number]> = [
  ['320500', 30], ['310000', 20], ['440100', 15], ['120000', 10], ['330500', 10], ['210100', 5], ['370100', 5], ['630100', 5]
]

/** TSG equipment categories used here: traction passenger, traction freight, hydraulic passenger. */
export const CATEGORY = { passenger: '3110', freight: '3120', hydraulic: '3210' } as const
