// What happens in a street and how long it takes, from DOMAIN.md: typical events, their sources and
// the closed loop. Weights are relative shares per street; minutes are simulated time.
import type { StaffRole } from '../../src/domain/district.types.ts';
import type { IncidentCategory, IncidentSource, Priority } from '../../src/protocol/index.ts';

export interface CategoryProfile {
  category: IncidentCategory;
  weight: number;
  /** share by local hour: some things happen at night (noise), some in office hours (wages) */
  hours: 'any' | 'day' | 'night' | 'office';
  priority: Priority;
  sources: Partial<Record<IncidentSource, number>>;
  /** minutes on scene from handling to feedback */
  onSceneMin: [number, number];
  /** minutes from feedback to closing (evaluation); long for disputes that are followed up */
  closeMin: [number, number];
  /** chance that a reinforcement (joint law enforcement) is requested */
  escalate: number;
  /** who may be sent first; volunteers only to simple service cases */
  roles: StaffRole[];
  titles: string[];
  feedback: string[];
}

const FIRST: StaffRole[] = ['grid-worker', 'police', 'mediator'];
const SERVICE: StaffRole[] = ['grid-worker', 'volunteer', 'police'];

export const CATEGORY_PROFILES: CategoryProfile[] = [
  {
    category: 'noise',
    weight: 14,
    hours: 'night',
    priority: 'normal',
    sources: { app: 5, hotline: 4, patrol: 1 },
    onSceneMin: [5, 20],
    closeMin: [2, 15],
    escalate: 0.03,
    roles: SERVICE,
    titles: ['商铺空调外机夜间噪音扰民', '广场舞音响音量过大', '装修施工超时作业', 'KTV深夜噪音'],
    feedback: ['已当面劝导，噪音已降低', '已协调商户调整外机位置', '已告知施工方按规定时段作业'],
  },
  {
    category: 'blocked-drain',
    weight: 10,
    hours: 'day',
    priority: 'normal',
    sources: { app: 6, hotline: 2, patrol: 2 },
    onSceneMin: [10, 40],
    closeMin: [5, 60],
    escalate: 0.02,
    roles: SERVICE,
    titles: ['小区下水道堵塞外溢', '路边雨水篦子堵塞', '化粪池管道堵塞'],
    feedback: ['已联系物业疏通完毕', '已通知市政养护单位清掏', '已疏通并消毒'],
  },
  {
    category: 'lockout',
    weight: 8,
    hours: 'any',
    priority: 'normal',
    sources: { hotline: 6, app: 4 },
    onSceneMin: [5, 15],
    closeMin: [1, 10],
    escalate: 0,
    roles: SERVICE,
    titles: ['独居老人被锁门外', '居民钥匙遗失求助开锁', '儿童被反锁在家'],
    feedback: ['已协助联系正规开锁并核实身份', '已帮助老人进屋，联系家属'],
  },
  {
    category: 'parking-dispute',
    weight: 12,
    hours: 'day',
    priority: 'normal',
    sources: { app: 5, hotline: 3, patrol: 2 },
    onSceneMin: [10, 30],
    closeMin: [5, 30],
    escalate: 0.08,
    roles: FIRST,
    titles: ['老旧小区车位争执', '车辆堵塞消防通道', '占用他人车位引发纠纷'],
    feedback: ['双方已达成临时停放协议', '已联系车主挪车', '已调解，物业划定临时车位'],
  },
  {
    category: 'unpaid-wages',
    weight: 4,
    hours: 'office',
    priority: 'high',
    sources: { hotline: 5, app: 3, 'police-110': 1 },
    onSceneMin: [20, 60],
    closeMin: [60, 480],
    escalate: 0.25,
    roles: FIRST,
    titles: ['工地农民工讨薪', '餐馆员工工资拖欠', '装修工人工钱纠纷'],
    feedback: ['已约谈用工方，承诺限期支付', '已移交劳动监察立案', '已组织双方调解'],
  },
  {
    category: 'land-dispute',
    weight: 3,
    hours: 'office',
    priority: 'normal',
    sources: { hotline: 4, patrol: 3, app: 2 },
    onSceneMin: [30, 90],
    closeMin: [120, 720],
    escalate: 0.15,
    roles: ['grid-worker', 'mediator'],
    titles: ['土地流转款支付纠纷', '宅基地边界争议', '承包地租金纠纷'],
    feedback: ['已组织村民调解委员会调解', '已核对合同，约定分期支付', '已报镇街司法所跟进'],
  },
  {
    category: 'damaged-goods',
    weight: 3,
    hours: 'day',
    priority: 'low',
    sources: { hotline: 5, app: 3 },
    onSceneMin: [15, 45],
    closeMin: [30, 240],
    escalate: 0.05,
    roles: ['grid-worker', 'mediator', 'police'],
    titles: ['快递运输货物损坏纠纷', '搬家公司损坏家具', '物流货损赔偿争议'],
    feedback: ['双方已协商赔偿', '已引导通过消费维权渠道处理'],
  },
  {
    category: 'epidemic-check',
    weight: 4,
    hours: 'day',
    priority: 'normal',
    sources: { patrol: 6, hotline: 2 },
    onSceneMin: [15, 45],
    closeMin: [5, 60],
    escalate: 0,
    roles: SERVICE,
    titles: ['入户排查返乡人员', '重点人员健康监测上门', '楼栋走访登记'],
    feedback: ['已完成入户排查登记', '已完成健康监测并上报'],
  },
  {
    category: 'geological-hazard',
    weight: 2,
    hours: 'any',
    priority: 'high',
    sources: { patrol: 6, hotline: 2, camera: 1 },
    onSceneMin: [20, 60],
    closeMin: [60, 480],
    escalate: 0.3,
    roles: ['grid-worker', 'police'],
    titles: ['边坡出现裂缝', '挡土墙渗水变形', '山体落石隐患'],
    feedback: ['已设置警示并疏散周边群众', '已上报自然资源部门监测', '已安排专人值守'],
  },
  {
    category: 'labour-inspection',
    weight: 2,
    hours: 'office',
    priority: 'low',
    sources: { patrol: 7, hotline: 1 },
    onSceneMin: [20, 60],
    closeMin: [30, 240],
    escalate: 0.05,
    roles: ['grid-worker', 'mediator'],
    titles: ['用工合同专项检查', '小作坊用工情况核查'],
    feedback: ['已检查并督促签订劳动合同', '已登记并移交劳动监察'],
  },
  {
    category: 'fire-hazard',
    weight: 6,
    hours: 'any',
    priority: 'high',
    sources: { patrol: 4, camera: 3, app: 2, hotline: 1 },
    onSceneMin: [10, 40],
    closeMin: [10, 120],
    escalate: 0.2,
    roles: ['grid-worker', 'police'],
    titles: ['楼道堆放杂物堵塞通道', '电动车楼道内充电', '飞线充电安全隐患', '商铺灭火器过期'],
    feedback: ['已督促清理楼道杂物', '已劝离电动车并宣传安全充电', '已责令整改并复查'],
  },
  {
    category: 'public-security',
    weight: 8,
    hours: 'any',
    priority: 'high',
    sources: { 'police-110': 5, camera: 3, hotline: 2, patrol: 1 },
    onSceneMin: [10, 40],
    closeMin: [10, 120],
    escalate: 0.15,
    roles: ['police', 'grid-worker'],
    titles: ['夜市酒后纠纷', '可疑人员徘徊小区', '邻里口角发生推搡', '电动车被盗报警'],
    feedback: ['已到场处置，双方情绪稳定', '已移交派出所处理', '已加强巡逻并查看监控'],
  },
  {
    category: 'other',
    weight: 4,
    hours: 'day',
    priority: 'low',
    sources: { app: 4, hotline: 3, patrol: 3 },
    onSceneMin: [5, 30],
    closeMin: [5, 60],
    escalate: 0,
    roles: SERVICE,
    titles: ['路灯不亮', '井盖缺失', '流浪犬伤人隐患', '共享单车乱停放'],
    feedback: ['已报相关部门维修', '已设置临时警示', '已清理完毕'],
  },
];

/** Share of a category's weight at a local hour (0-23). */
export function hourFactor(hours: CategoryProfile['hours'], hour: number): number {
  const night = hour >= 21 || hour < 6;
  const office = hour >= 9 && hour < 18;
  switch (hours) {
    case 'any':
      return 1;
    case 'day':
      return night ? 0.15 : 1;
    case 'night':
      return night ? 2.5 : hour >= 18 ? 1 : 0.3;
    case 'office':
      return office ? 1.5 : night ? 0.02 : 0.3;
  }
}

/** Reports per hour relative to the daily mean, by local hour (quiet small hours, busy late morning and evening). */
export const DIURNAL = [
  0.3, 0.2, 0.15, 0.15, 0.2, 0.35, 0.6, 0.9, 1.2, 1.4, 1.5, 1.4, 1.2, 1.2, 1.3, 1.4, 1.4, 1.5, 1.6, 1.6, 1.4, 1.1, 0.8,
  0.5,
];
