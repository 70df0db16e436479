import { Rng, Weighted } from './random';

/**
 * Surnames with weights proportional to the number of bearers. The first ten are the Ministry of Public
 * Security's 2019 national name report (王 101.5 million, 李 100.7, 张 95.4, 刘 72.1, 陈 65.4, 杨 46.2,
 * 黄 33.7, 赵 28.6, 吴 27.8, 周 26.8); the rest follow the same report's order with approximate
 * counts, those common in Sichuan (何 罗 邓 蒋 唐 冯 任 向) rounded up a little. Unit: 10,000 people.
 */
const SURNAMES: [string, number][] = [
  ['王', 10150], ['李', 10070], ['张', 9540], ['刘', 7210], ['陈', 6540], ['杨', 4620], ['黄', 3370], ['赵', 2860], ['吴', 2780], ['周', 2680],
  ['徐', 2010], ['孙', 1960], ['马', 1900], ['朱', 1810], ['胡', 1760], ['郭', 1630], ['何', 1700], ['林', 1420], ['高', 1470], ['罗', 1550],
  ['郑', 1260], ['梁', 1200], ['谢', 1120], ['宋', 1040], ['唐', 1150], ['许', 970], ['邓', 1050], ['冯', 960], ['韩', 910], ['曹', 880],
  ['曾', 860], ['彭', 860], ['肖', 820], ['蔡', 760], ['潘', 710], ['田', 690], ['董', 690], ['袁', 700], ['于', 650], ['余', 660],
  ['叶', 600], ['蒋', 700], ['杜', 600], ['苏', 560], ['魏', 560], ['程', 550], ['吕', 540], ['丁', 530], ['沈', 500], ['任', 560],
  ['姚', 480], ['卢', 470], ['傅', 460], ['钟', 450], ['姜', 440], ['崔', 430], ['谭', 460], ['廖', 430], ['范', 410], ['汪', 400],
  ['陆', 390], ['金', 380], ['石', 370], ['戴', 360], ['贾', 350], ['韦', 340], ['夏', 330], ['邱', 330], ['方', 320], ['侯', 310],
  ['邹', 300], ['熊', 310], ['孟', 290], ['秦', 280], ['白', 270], ['江', 260], ['阎', 250], ['薛', 240], ['尹', 230], ['段', 220],
  ['雷', 220], ['黎', 210], ['史', 200], ['龙', 200], ['陶', 190], ['贺', 190], ['顾', 180], ['毛', 180], ['郝', 170], ['龚', 170],
  ['邵', 160], ['万', 160], ['钱', 150], ['严', 150], ['赖', 140], ['覃', 140], ['洪', 130], ['武', 130], ['莫', 120], ['向', 160],
];

// Given-name characters by how often they appear in names of people born before and after about 1975
// (建国、秀英 for the older, 浩、欣 for the younger), weights in rough relative frequency.
const MALE_OLD: [string, number][] = [
  ['建', 9], ['国', 9], ['华', 8], ['明', 8], ['军', 8], ['平', 7], ['强', 7], ['伟', 7], ['文', 7], ['德', 6], ['福', 6], ['贵', 6],
  ['成', 6], ['林', 6], ['兵', 6], ['勇', 6], ['忠', 5], ['学', 5], ['清', 5], ['春', 5], ['永', 5], ['全', 5], ['荣', 5], ['洪', 4],
  ['树', 4], ['中', 4], ['光', 4], ['金', 4], ['志', 5], ['海', 4], ['云', 4], ['富', 4], ['祥', 4], ['顺', 4], ['友', 4], ['元', 3],
  ['正', 3], ['才', 3], ['良', 3], ['发', 3], ['安', 3], ['刚', 4], ['生', 3], ['红', 3], ['武', 3], ['东', 4], ['斌', 3], ['波', 3],
];
const MALE_YOUNG: [string, number][] = [
  ['伟', 9], ['杰', 8], ['涛', 8], ['磊', 8], ['超', 7], ['鹏', 7], ['浩', 7], ['俊', 7], ['宇', 7], ['斌', 6], ['飞', 6], ['峰', 6],
  ['强', 6], ['波', 5], ['辉', 6], ['亮', 5], ['龙', 5], ['明', 5], ['军', 4], ['勇', 4], ['刚', 4], ['林', 4], ['帅', 4],
  ['阳', 4], ['凯', 5], ['健', 4], ['晨', 3], ['鑫', 4], ['成', 4], ['东', 4], ['海', 4], ['江', 3], ['川', 4], ['洋', 4], ['文', 4],
  ['建', 3], ['志', 4], ['旭', 3], ['豪', 3], ['博', 3], ['然', 2], ['坤', 3], ['松', 3], ['平', 3], ['华', 3], ['兴', 3], ['翔', 3],
];
const FEMALE_OLD: [string, number][] = [
  ['秀', 9], ['英', 9], ['华', 8], ['芳', 8], ['玉', 8], ['兰', 7], ['珍', 7], ['桂', 7], ['凤', 7], ['琼', 6], ['素', 6], ['淑', 5],
  ['梅', 6], ['红', 6], ['群', 5], ['萍', 6], ['琴', 6], ['霞', 5], ['莲', 5], ['菊', 5], ['芬', 5], ['会', 4], ['蓉', 5], ['清', 4],
  ['翠', 5], ['明', 4], ['容', 4], ['仙', 4], ['碧', 4], ['春', 4], ['香', 4], ['云', 4], ['丽', 4], ['平', 4], ['惠', 3], ['先', 3],
];
const FEMALE_YOUNG: [string, number][] = [
  ['丽', 9], ['婷', 8], ['敏', 8], ['静', 8], ['燕', 7], ['艳', 7], ['娟', 7], ['霞', 6], ['玲', 7], ['芳', 6], ['雪', 6], ['倩', 6],
  ['琳', 5], ['欣', 5], ['颖', 5], ['露', 4], ['慧', 5], ['莉', 5], ['洁', 5], ['佳', 5], ['萍', 4], ['红', 4], ['梅', 4], ['英', 3],
  ['琴', 4], ['蓉', 5], ['丹', 5], ['月', 4], ['琼', 3], ['瑶', 3], ['晓', 4], ['秋', 3], ['春', 3], ['雨', 3], ['媛', 3], ['薇', 3],
];

const surnameTable = new Weighted(SURNAMES);
const given = {
  MALE: { old: new Weighted(MALE_OLD), young: new Weighted(MALE_YOUNG) },
  FEMALE: { old: new Weighted(FEMALE_OLD), young: new Weighted(FEMALE_YOUNG) },
};

export function drawSurname(rng: Rng): string {
  return surnameTable.draw(rng);
}

/**
 * A given name of one or two characters for someone born in `birthYear`: most rural names of the time
 * have two characters; a single character is more common among the young.
 */
export function drawGivenName(rng: Rng, gender: 'MALE' | 'FEMALE', birthYear: number): string {
  const table = birthYear < 1975 ? given[gender].old : given[gender].young;
  const single = rng.chance(birthYear < 1975 ? 0.12 : 0.22);
  const first = table.draw(rng);
  if (single) return first;
  let second = table.draw(rng);
  // A doubled character (芳芳, 丽丽) happens, but not as often as independent draws would make it.
  if (second === first && rng.chance(0.7)) second = table.draw(rng);
  return first + second;
}

export function drawName(rng: Rng, gender: 'MALE' | 'FEMALE', birthYear: number, surname = drawSurname(rng)): string {
  return surname + drawGivenName(rng, gender, birthYear);
}
