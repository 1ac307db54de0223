// Chinese names with a pinyin reading for the English UI. Every character used in a place name is
// listed with its reading here, so nameEn never falls out of step with name.
import type { Rng } from '../../src/domain/seeded-random.ts';

export type Named = { zh: string; en: string };
type Syl = [string, string];

export const URBAN_STREETS: Named[] = [
  ['城东', 'Chengdong'],
  ['舟白', 'Zhoubai'],
  ['正阳', 'Zhengyang'],
  ['城西', 'Chengxi'],
  ['冯家', 'Fengjia'],
  ['城南', 'Chengnan'],
].map(([zh, en]) => ({ zh, en }));
export const TOWNS: Named[] = [
  ['阿蓬江', 'Apengjiang'],
  ['石会', 'Shihui'],
  ['黑溪', 'Heixi'],
  ['黄溪', 'Huangxi'],
  ['黎水', 'Lishui'],
  ['金溪', 'Jinxi'],
  ['马喇', 'Mala'],
  ['濯水', 'Zhuoshui'],
  ['石家', 'Shijia'],
  ['鹅池', 'Echi'],
  ['小南海', 'Xiaonanhai'],
  ['邻鄂', "Lin'e"],
].map(([zh, en]) => ({ zh, en }));
export const TOWNSHIPS: Named[] = [
  ['白石', 'Baishi'],
  ['杉岭', 'Shanling'],
  ['太极', 'Taiji'],
  ['水田', 'Shuitian'],
  ['白土', 'Baitu'],
  ['金洞', 'Jindong'],
  ['五里', 'Wuli'],
  ['水市', 'Shuishi'],
  ['新华', 'Xinhua'],
  ['中塘', 'Zhongtang'],
  ['沙坝', 'Shaba'],
  ['蓬东', 'Pengdong'],
].map(([zh, en]) => ({ zh, en }));

const FIRST: Syl[] = [
  ['青', 'Qing'],
  ['石', 'Shi'],
  ['白', 'Bai'],
  ['黄', 'Huang'],
  ['龙', 'Long'],
  ['凤', 'Feng'],
  ['桐', 'Tong'],
  ['杨', 'Yang'],
  ['柏', 'Bo'],
  ['松', 'Song'],
  ['桃', 'Tao'],
  ['李', 'Li'],
  ['马', 'Ma'],
  ['鹿', 'Lu'],
  ['金', 'Jin'],
  ['银', 'Yin'],
  ['大', 'Da'],
  ['小', 'Xiao'],
  ['上', 'Shang'],
  ['下', 'Xia'],
  ['中', 'Zhong'],
  ['新', 'Xin'],
  ['高', 'Gao'],
  ['长', 'Chang'],
  ['双', 'Shuang'],
  ['三', 'San'],
  ['五', 'Wu'],
  ['红', 'Hong'],
  ['花', 'Hua'],
  ['竹', 'Zhu'],
  ['茶', 'Cha'],
  ['兴', 'Xing'],
  ['太', 'Tai'],
  ['永', 'Yong'],
  ['安', 'An'],
  ['平', 'Ping'],
  ['和', 'He'],
  ['丰', 'Feng'],
  ['梨', 'Li'],
  ['枫', 'Feng'],
  ['荷', 'He'],
  ['官', 'Guan'],
  ['向', 'Xiang'],
  ['冉', 'Ran'],
  ['田', 'Tian'],
  ['罗', 'Luo'],
  ['胡', 'Hu'],
  ['万', 'Wan'],
];
const SECOND: Syl[] = [
  ['坪', 'ping'],
  ['坝', 'ba'],
  ['溪', 'xi'],
  ['岩', 'yan'],
  ['湾', 'wan'],
  ['沟', 'gou'],
  ['岭', 'ling'],
  ['山', 'shan'],
  ['河', 'he'],
  ['塘', 'tang'],
  ['田', 'tian'],
  ['坡', 'po'],
  ['林', 'lin'],
  ['桥', 'qiao'],
  ['口', 'kou'],
  ['园', 'yuan'],
  ['庄', 'zhuang'],
  ['峰', 'feng'],
  ['泉', 'quan'],
  ['池', 'chi'],
  ['堡', 'bao'],
  ['垭', 'ya'],
  ['台', 'tai'],
  ['槽', 'cao'],
  ['寨', 'zhai'],
  ['水', 'shui'],
];
const URBAN_WORDS: Syl[] = [
  ['滨江', 'Binjiang'],
  ['解放', 'Jiefang'],
  ['丁香', 'Dingxiang'],
  ['西山', 'Xishan'],
  ['新华', 'Xinhua'],
  ['文化', 'Wenhua'],
  ['南湖', 'Nanhu'],
  ['民主', 'Minzhu'],
  ['桥东', 'Qiaodong'],
  ['向阳', 'Xiangyang'],
  ['中山', 'Zhongshan'],
  ['人和', 'Renhe'],
  ['金三角', 'Jinsanjiao'],
  ['城北', 'Chengbei'],
  ['书香', 'Shuxiang'],
  ['五福', 'Wufu'],
  ['凤凰', 'Fenghuang'],
  ['白岩', 'Baiyan'],
  ['太极', 'Taiji'],
  ['沙湾', 'Shawan'],
  ['广场', 'Guangchang'],
  ['双龙', 'Shuanglong'],
  ['锦绣', 'Jinxiu'],
  ['阳光', 'Yangguang'],
  ['翠湖', 'Cuihu'],
  ['正街', 'Zhengjie'],
  ['和平', 'Heping'],
  ['团结', 'Tuanjie'],
  ['新城', 'Xincheng'],
  ['明珠', 'Mingzhu'],
  ['山水', 'Shanshui'],
  ['枫林', 'Fenglin'],
  ['桃源', 'Taoyuan'],
  ['金桂', 'Jingui'],
  ['民族', 'Minzu'],
  ['武陵', 'Wuling'],
  ['三峡', 'Sanxia'],
  ['迎宾', 'Yingbin'],
  ['官渡', 'Guandu'],
  ['册山', 'Ceshan'],
];
const ESTATE_SUFFIX: Syl[] = [
  ['小区', 'Estate'],
  ['花园', 'Garden'],
  ['苑', 'Court'],
  ['家园', 'Homes'],
  ['公寓', 'Apartments'],
];

export const SURNAMES =
  '张王李赵刘陈杨黄吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤冉'.split(
    '',
  );
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红志文斌波辉鹏飞宇浩然思雨欣怡梓涵轩俊建国庆春梅海燕林云琴兵成德福贵'.split(
    '',
  );

/** Hands out names that are unique within one book. */
export class NameBook {
  private used = new Set<string>();
  constructor(private rng: Rng) {}

  private unique(make: () => Named): Named {
    for (let t = 0; t < 200; t++) {
      const n = make();
      if (!this.used.has(n.zh)) {
        this.used.add(n.zh);
        return n;
      }
    }
    // vocabulary exhausted: number the name rather than repeat it
    const n = make();
    for (let i = 2; ; i++) {
      const zh = `${n.zh}${i}`;
      if (!this.used.has(zh)) {
        this.used.add(zh);
        return { zh, en: `${n.en} ${i}` };
      }
    }
  }
  /** 2-syllable rural place name, e.g. 青坪 / Qingping */
  rural(): Named {
    return this.unique(() => {
      const a = this.rng.pick(FIRST);
      const b = this.rng.pick(SECOND);
      return { zh: a[0] + b[0], en: a[1] + b[1] };
    });
  }
  /** urban word, e.g. 滨江 / Binjiang; falls back to rural names once the list is used up */
  urban(): Named {
    return this.unique(() => {
      const free = URBAN_WORDS.filter((w) => !this.used.has(w[0]));
      if (free.length === 0) {
        const a = this.rng.pick(FIRST);
        const b = this.rng.pick(SECOND);
        return { zh: a[0] + b[0], en: a[1] + b[1] };
      }
      const w = this.rng.pick(free);
      return { zh: w[0], en: w[1] };
    });
  }
  estate(): Named {
    return this.unique(() => {
      let w: Syl;
      if (this.rng.chance(0.5)) w = this.rng.pick(URBAN_WORDS);
      else {
        const a = this.rng.pick(FIRST);
        const b = this.rng.pick(SECOND);
        w = [a[0] + b[0], a[1] + b[1]];
      }
      const s = this.rng.pick(ESTATE_SUFFIX);
      return { zh: w[0] + s[0], en: `${w[1]} ${s[1]}` };
    });
  }
  person(): string {
    const s = this.rng.pick(SURNAMES);
    const g = this.rng.chance(0.3) ? this.rng.pick(GIVEN) : this.rng.pick(GIVEN) + this.rng.pick(GIVEN);
    return s + g;
  }
}

export function roadName(rng: Rng, cls: 'arterial' | 'street' | 'lane', base: Named): Named {
  if (cls === 'arterial')
    return rng.chance(0.5)
      ? { zh: `${base.zh}大道`, en: `${base.en} Avenue` }
      : { zh: `${base.zh}路`, en: `${base.en} Road` };
  if (cls === 'street')
    return rng.chance(0.5)
      ? { zh: `${base.zh}街`, en: `${base.en} Street` }
      : { zh: `${base.zh}路`, en: `${base.en} Road` };
  return { zh: `${base.zh}巷`, en: `${base.en} Lane` };
}
