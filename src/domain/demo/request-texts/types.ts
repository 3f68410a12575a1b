// Phrase material for the demo's synthetic requests (诉求、意见建议). Each category gives
// pieces a generator composes into something a resident would say to the hotline or to a
// visiting cadre, plus the department's answer at later stages.
//
// Slots filled by the generator (src/domain/demo/requests.ts):
//   {street}    a street/township name, e.g. 南城街道
//   {community} a community or village name, e.g. 海港社区 / 王沟村
//   {road}      an invented road name, e.g. 海港路;  {road2} another one
//   {building}  a building number, e.g. 12号楼;  {unit} a unit, e.g. 3单元
//   {n}         a small count as a Chinese numeral (三–九, so {n}十 reads right);  {days} a span such as 半个月 / 一个多星期
//   {time}      a time of day, e.g. 晚上十点多;  {date} a recent date, e.g. 11月3日
//   {bus}       a bus route number, e.g. 6
export interface CategoryTexts {
  /** How a person starts speaking; may be empty. */
  openings: string[];
  /** Core matters (≥ 8), colloquial, with slots. */
  matters: string[];
  /** How a person ends; '' allowed. */
  closings: string[];
  // Answers (replies, resolutions, constraints) may start with "关键词/关键词|": such an answer
  // is only given to a matter containing one of the keywords; untagged answers fit any matter
  // of the category. The generator strips the tag.
  /** Department replies (3–5, plus tagged ones for specific matters). */
  replies: string[];
  /** Resolution notes (2–4). */
  resolutions: string[];
  /** Why the matter is constrained (疑难受限) (2–3). */
  constraints: string[];
}
