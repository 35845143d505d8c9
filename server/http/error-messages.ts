// Over 300 lines because it is one table: every error code's message in both languages, kept together
// so a code cannot lack a translation (the Record type checks it).
import type { ErrorCode } from './app-error.ts';

/** A language the API answers in (zh-CN first, en second). */
type ApiLanguage = 'zh-CN' | 'en';

type Template = (d: Record<string, string | number>) => string;

const MESSAGES: Record<ErrorCode, Record<ApiLanguage, Template>> = {
  not_found: { 'zh-CN': () => '未找到', en: () => 'Not found' },
  route_not_found: {
    'zh-CN': (d) => `接口不存在：${d.method} ${d.path}`,
    en: (d) => `No such endpoint: ${d.method} ${d.path}`,
  },
  invalid_parameter: {
    'zh-CN': (d) => `参数 ${d.param} 无效：${d.reason}`,
    en: (d) => `Invalid parameter ${d.param}: ${d.reasonEn}`,
  },
  unknown_level: {
    'zh-CN': (d) => `参数 level 无效：没有名为“${d.level}”的网格层级（可用：${d.known}）`,
    en: (d) => `Invalid parameter level: there is no grid level "${d.level}" (known: ${d.known})`,
  },
  grid_not_found: {
    'zh-CN': (d) => `网格 ${d.code} 不存在`,
    en: (d) => `Grid ${d.code} does not exist`,
  },
  body_too_large: {
    'zh-CN': (d) => (d.limitMb ? `请求体过大：上限 ${d.limitMb} MB` : '请求体过大'),
    en: (d) => (d.limitMb ? `Request body too large: the limit is ${d.limitMb} MB` : 'Request body too large'),
  },
  invalid_json: { 'zh-CN': () => '请求体不是有效的 JSON', en: () => 'Request body is not valid JSON' },
  json_too_deep: {
    'zh-CN': (d) => `请求体嵌套过深（最多 ${d.max} 层）`,
    en: (d) => `The request body is nested too deeply (at most ${d.max} levels)`,
  },
  unsupported_body_encoding: {
    'zh-CN': (d) => `不支持请求体的字符集或编码：${d.name}（请使用 UTF-8，不压缩或 gzip）`,
    en: (d) => `Unsupported request body charset or encoding: ${d.name} (use UTF-8, uncompressed or gzip)`,
  },
  unreadable_body: {
    'zh-CN': () => '无法读取请求体：内容不完整或格式不符',
    en: () => 'The request body could not be read: it is incomplete or malformed',
  },
  internal: { 'zh-CN': () => '服务器内部错误', en: () => 'Internal server error' },
  unauthorized: { 'zh-CN': () => '请先登录', en: () => 'Please sign in' },
  invalid_credentials: { 'zh-CN': () => '用户名或密码错误', en: () => 'Wrong username or password' },
  account_locked: {
    'zh-CN': (d) => `连续登录失败次数过多，账户已锁定 ${d.minutes} 分钟；管理员可以解锁`,
    en: (d) => `Too many failed sign-ins: the account is locked for ${d.minutes} minutes; an administrator can unlock it`,
  },
  intake_rate_limited: {
    'zh-CN': (d) => `上报过于频繁，请 ${d.seconds} 秒后再试`,
    en: (d) => `Too many reports; try again in ${d.seconds} s`,
  },
  rate_limited: { 'zh-CN': () => '尝试过于频繁，请稍后再试', en: () => 'Too many attempts; try again later' },
  csrf_failed: {
    'zh-CN': () => '请求缺少有效的 CSRF 令牌，请刷新页面后重试',
    en: () => 'Missing or wrong CSRF token; reload the page and try again',
  },
  forbidden: { 'zh-CN': () => '没有执行此操作的权限', en: () => 'You are not allowed to do this' },
  password_change_required: { 'zh-CN': () => '请先修改初始密码', en: () => 'Change your one-time password first' },
  weak_password: {
    'zh-CN': (d) => `新密码须为 ${d.min} 到 ${d.max} 个字符，且不能与用户名相同`,
    en: (d) => `The new password must be ${d.min} to ${d.max} characters and differ from the username`,
  },
  username_taken: { 'zh-CN': (d) => `用户名 ${d.username} 已存在`, en: (d) => `Username ${d.username} is taken` },
  staff_taken: { 'zh-CN': () => '该工作人员已关联其他账号', en: () => 'That member of staff is already linked to another account' },
  zoom_in: {
    'zh-CN': (d) => `请放大地图：个人点位只在不超过 ${d.max}° 见方的范围内显示`,
    en: (d) => `Zoom in: individual points are shown only for a box at most ${d.max}° across`,
  },
  spreadsheet_unreadable: {
    'zh-CN': (d) => `无法读取表格文件（${d.reason}），请上传 CSV 或 XLSX`,
    en: (d) => `The spreadsheet cannot be read (${d.reason}); upload CSV or XLSX`,
  },
  spreadsheet_empty: { 'zh-CN': () => '表格没有数据行', en: () => 'The spreadsheet has no rows' },
  spreadsheet_too_large: {
    'zh-CN': (d) => `表格解压后超过 ${d.max} MB，已拒绝`,
    en: (d) => `The spreadsheet expands to more than ${d.max} MB and was refused`,
  },
  too_many_rows: {
    'zh-CN': (d) => `表格超过 ${d.max} 行的导入上限，请按社区拆分后分批导入`,
    en: (d) => `The spreadsheet has more than the ${d.max}-row limit; split it by community and import each part`,
  },
  import_not_found: { 'zh-CN': () => '没有找到这次导入，或它已提交', en: () => 'No such import, or it was already committed' },
  import_has_errors: {
    'zh-CN': (d) => `有 ${d.invalid} 行未通过校验，未导入任何数据；请修正后重新上传，或选择排除这些行`,
    en: (d) => `${d.invalid} rows failed the checks and nothing was imported; fix them and upload again, or choose to exclude them`,
  },
  import_nothing: { 'zh-CN': () => '没有可导入的有效行', en: () => 'There are no valid rows to import' },
  invalid_wall_token: { 'zh-CN': () => '大屏令牌无效或已吊销', en: () => 'The wall token is invalid or revoked' },
  idempotency_mismatch: {
    'zh-CN': () => '同一个 Idempotency-Key 已用于内容不同的请求',
    en: () => 'This Idempotency-Key was already used with a different request body',
  },
  idempotency_in_flight: {
    'zh-CN': () => '使用该 Idempotency-Key 的请求仍在处理中',
    en: () => 'A request with this Idempotency-Key is still in progress',
  },
  category_exists: { 'zh-CN': (d) => `类别代码 ${d.code} 已存在`, en: (d) => `Category code ${d.code} already exists` },
  unknown_category: {
    'zh-CN': (d) => `参数 category 无效：没有事件类别“${d.category}”`,
    en: (d) => `Invalid parameter category: no incident category "${d.category}"`,
  },
  location_out_of_district: {
    'zh-CN': (d) => `位置距本辖区超过 ${d.km} 公里，可能是定位错误或经纬度颠倒`,
    en: (d) => `The location is more than ${d.km} km from the district: a wrong fix, or latitude and longitude swapped?`,
  },
  location_outside_area: {
    'zh-CN': () => '参数 location 无效：该位置不在您的辖区内',
    en: () => 'Invalid parameter location: the point is outside your area',
  },
  incident_not_found: { 'zh-CN': (d) => `事件 ${d.id} 不存在`, en: (d) => `Incident ${d.id} does not exist` },
  illegal_transition: {
    'zh-CN': (d) => `事件当前状态为“${d.from}”，不能直接变为“${d.to}”`,
    en: (d) => `An incident in status "${d.from}" cannot move to "${d.to}"`,
  },
  note_required: { 'zh-CN': (d) => `变为“${d.to}”须填写原因（note）`, en: (d) => `Moving to "${d.to}" needs a reason (note)` },
  stale_version: {
    'zh-CN': () => '事件已被他人更新，请刷新后重试',
    en: () => 'Someone else changed the incident first; reload and try again',
  },
  wall_token_not_found: { 'zh-CN': (d) => `大屏令牌 ${d.id} 不存在`, en: (d) => `Wall token ${d.id} does not exist` },
  tour_changed: {
    'zh-CN': () => '轮播已被他人修改，请刷新后重试',
    en: () => 'Someone else changed the tour first; reload and try again',
  },
  takeover_not_found: { 'zh-CN': (d) => `告警 ${d.id} 不存在`, en: (d) => `Alert ${d.id} does not exist` },
  takeover_acknowledged: {
    'zh-CN': (d) => `告警已由${d.by}确认`,
    en: (d) => `The alert was acknowledged already, by ${d.by}`,
  },
  takeover_changed: {
    'zh-CN': () => '告警在您查看后有更新，请看过最新情况后再确认',
    en: () => 'The alert changed since you saw it; look at it again before acknowledging',
  },
  milestone_done: {
    'zh-CN': (d) => `“${d.milestone === 'inform' ? '信息报送' : '转移安置'}”已标记完成`,
    en: (d) => `"${d.milestone === 'inform' ? 'Informed' : 'Transferred'}" is marked done already`,
  },
  already_top_level: { 'zh-CN': () => '已在最高一级，无法继续上报', en: () => 'Already at the top level; it cannot be escalated further' },
  not_an_image: {
    'zh-CN': () => '照片须为 JPEG、PNG 或 WebP 图片，且与声明的类型一致',
    en: () => 'A photo must be a JPEG, PNG or WebP image matching its declared type',
  },
  too_many_photos: { 'zh-CN': (d) => `每个事件最多 ${d.max} 张照片`, en: (d) => `At most ${d.max} photos per incident` },
  photo_not_found: { 'zh-CN': () => '照片不存在', en: () => 'No such photo' },
  unsupported_media_type: { 'zh-CN': () => '请求体必须是 JSON', en: () => 'The request body must be JSON' },
  invalid_geometry: {
    'zh-CN': (d) => `网格 ${d.code} 的边界无效：${d.reason}`,
    en: (d) => `The boundary of grid ${d.code} is invalid: ${d.reasonEn}`,
  },
  no_child_level: {
    'zh-CN': (d) => `网格 ${d.code} 是最末一级，下面没有可以划分的网格`,
    en: (d) => `Grid ${d.code} is at the finest level; it has no cells to draw`,
  },
  duplicate_cell: { 'zh-CN': (d) => `网格 ${d.code} 在一次修改中出现了两次`, en: (d) => `Grid ${d.code} appears twice in one change` },
  grid_exists: { 'zh-CN': (d) => `网格编码 ${d.code} 已被使用`, en: (d) => `The grid code ${d.code} is already in use` },
  code_not_under_parent: {
    'zh-CN': (d) => `新网格编码 ${d.code} 须为上级编码 ${d.parent} 后加 3 位数字`,
    en: (d) => `A new grid code (${d.code}) must be its parent's code ${d.parent} followed by 3 digits`,
  },
  change_set_not_found: { 'zh-CN': (d) => `变更 #${d.id} 不存在`, en: (d) => `Change set #${d.id} does not exist` },
  change_set_closed: {
    'zh-CN': (d) => `变更 #${d.id} 已${d.status === 'published' ? '发布' : '放弃'}，不能再修改`,
    en: (d) => `Change set #${d.id} is ${d.status} and can no longer be changed`,
  },
  change_set_empty: { 'zh-CN': (d) => `变更 #${d.id} 还没有任何网格`, en: (d) => `Change set #${d.id} has no cells yet` },
  not_editable_level: {
    'zh-CN': (d) => `网格 ${d.code}（${d.level}）有下级网格，只能调整最末一级网格的边界`,
    en: (d) => `Grid ${d.code} (${d.level}) has cells below it; only cells of the finest level are redrawn`,
  },
  precondition_required: {
    'zh-CN': () => '发布须在 If-Match 中写明草稿所依据的各网格版本',
    en: () => 'Publishing needs If-Match with the cell versions the draft was drawn on',
  },
  stale_boundary: {
    'zh-CN': (d) => `网格 ${d.codes} 在草稿之后已被他人修改，请对照其当前边界重新调整`,
    en: (d) => `Someone else changed ${d.codes} after this draft was drawn; redraw against their current boundaries`,
  },
  if_match_mismatch: {
    'zh-CN': (d) => `变更 #${d.id} 的内容已变化，请重新载入后再发布`,
    en: (d) => `Change set #${d.id} changed since you loaded it; reload before publishing`,
  },
  change_set_invalid: {
    'zh-CN': () => '边界存在重叠、超出上级或碎片，不能发布',
    en: () => 'The boundaries overlap, leave their parent or leave slivers; they cannot be published',
  },
  households_in_gaps: {
    'zh-CN': (d) => `有 ${d.n} 户将不属于任何网格，不能发布`,
    en: (d) => `${d.n} households would stand in no grid; this cannot be published`,
  },
  gaps_not_accepted: {
    'zh-CN': () => '边界留有空隙；如确属无人区域，请填写接受空隙的理由',
    en: () => 'The boundaries leave gaps; if they are truly empty, give a reason for accepting them',
  },
  delete_without_heir: {
    'zh-CN': (d) => `删除网格 ${d.code} 前须把它的区域并入相邻网格`,
    en: (d) => `Give the area of grid ${d.code} to a neighbour before deleting it`,
  },
  cell_in_use: {
    'zh-CN': (d) => `网格 ${d.code} 仍是 ${d.n} 个${d.kind === 'user' ? '账号' : '大屏令牌'}的管辖范围，请先调整其范围`,
    en: (d) => `Grid ${d.code} is still the area of ${d.n} ${d.kind === 'user' ? 'account(s)' : 'wall token(s)'}; change that first`,
  },
  version_not_found: { 'zh-CN': (d) => `网格 ${d.code} 没有第 ${d.version} 版`, en: (d) => `Grid ${d.code} has no version ${d.version}` },
  nothing_to_roll_back: {
    'zh-CN': (d) => `网格 ${d.code} 及其相邻网格与第 ${d.version} 版时相同，无需回滚`,
    en: (d) => `Grid ${d.code} and its siblings are as they were at version ${d.version}; nothing to roll back`,
  },
  split_failed: {
    'zh-CN': () => '分割线须完整穿过网格（两端都在网格之外）',
    en: () => 'The cutting line must cross the cell completely (both ends outside it)',
  },
  not_adjacent: {
    'zh-CN': (d) => `所选网格互不相邻，合并后会分成 ${d.parts} 块`,
    en: (d) => `The selected cells do not touch; merged they would be ${d.parts} separate pieces`,
  },
  boundary_file_unreadable: {
    'zh-CN': (d) => `无法读取边界文件：${d.reason}`,
    en: (d) => `The boundary file cannot be read: ${d.reason}`,
  },
  boundary_file_too_large: {
    'zh-CN': (d) => `边界文件解压后超过 ${d.max} MB，已拒绝（可能是压缩炸弹）`,
    en: (d) => `The boundary file expands to more than ${d.max} MB and was refused (possibly a zip bomb)`,
  },
  shapefile_incomplete: {
    'zh-CN': (d) => `压缩包中缺少 Shapefile 的 ${d.missing} 文件（需要 .shp 与 .dbf，建议附 .prj）`,
    en: (d) => `The archive has no ${d.missing} file (a Shapefile needs .shp and .dbf, and should have .prj)`,
  },
  month_in_future: {
    'zh-CN': (d) => `月份 ${d.month} 尚未开始，没有考核数据`,
    en: (d) => `The month ${d.month} has not begun: there is nothing to assess`,
  },
  projected_crs: {
    'zh-CN': () =>
      '坐标是投影坐标（米），但没有选择投影：请选择文件所用的投影（如 CGCS2000 3 度带 EPSG:4548），预览会列出能把文件放到本辖区的投影',
    en: () =>
      'The coordinates are projected (metres) and no projection was chosen: choose the one the file is in (e.g. CGCS2000 3-degree zone EPSG:4548); the preview lists those that put the file in your area',
  },
  unknown_projection: {
    'zh-CN': (d) => `不认识的坐标系 ${d.crs}：请从 /api/boundaries/projections 列出的坐标系中选择`,
    en: (d) => `Unknown coordinate system ${d.crs}: choose one of those listed at /api/boundaries/projections`,
  },
  archive_unrecognised: {
    'zh-CN': (d) =>
      `压缩包中既没有 Shapefile（.shp 与 .dbf）也没有 KML（KMZ 的 .kml）；包中有：${d.found}。可导入 GeoJSON、Shapefile（.zip）、KML、KMZ 或 GeoPackage（.gpkg）`,
    en: (d) =>
      `The archive holds neither a Shapefile (.shp with .dbf) nor KML (a KMZ's .kml); it holds: ${d.found}. Accepted: GeoJSON, Shapefile (.zip), KML, KMZ or GeoPackage (.gpkg)`,
  },
  boundary_file_empty: {
    'zh-CN': (d) =>
      d.links === 'yes'
        ? '文件中没有边界，只有指向外部数据的链接（NetworkLink），出于安全不会去获取；请导出包含边界本身的文件'
        : '文件中没有任何要素',
    en: (d) =>
      d.links === 'yes'
        ? 'The file holds no boundaries, only links to data elsewhere (NetworkLink), which are never fetched; export a file with the boundaries themselves'
        : 'The file holds no features',
  },
  geopackage_no_layers: {
    'zh-CN': () => 'GeoPackage 中没有要素图层（只有瓦片或属性表）',
    en: () => 'The GeoPackage has no feature layer (only tiles or attribute tables)',
  },
  geopackage_layer_unknown: {
    'zh-CN': (d) => `GeoPackage 中没有图层“${d.layer}”；可选：${d.layers}`,
    en: (d) => `The GeoPackage has no layer "${d.layer}"; it has: ${d.layers}`,
  },
  geopackage_no_geometry: {
    'zh-CN': (d) => `GeoPackage 图层“${d.layer}”没有几何列`,
    en: (d) => `The GeoPackage layer "${d.layer}" has no geometry column`,
  },
  import_names_damaged: {
    'zh-CN': (d) =>
      `字段“${d.field}”的 ${d.n} 个名称已因编码损坏（如“${d.example}”，已尝试 ${d.tried}）；请用 UTF-8 重新导出文件，或选择其他名称字段`,
    en: (d) =>
      `${d.n} names in "${d.field}" were destroyed by an encoding (e.g. "${d.example}"; tried ${d.tried}); export the file again in UTF-8 or choose another name field`,
  },
  boundary_import_not_found: { 'zh-CN': (d) => `导入文件 #${d.id} 不存在`, en: (d) => `Boundary upload #${d.id} does not exist` },
  import_has_problems: {
    'zh-CN': (d) => `有 ${d.n} 个要素的边界无效；排除它们或修正文件后再导入`,
    en: (d) => `${d.n} features have invalid boundaries; exclude them or correct the file`,
  },
  import_field_missing: {
    'zh-CN': (d) => `文件中没有字段“${d.field}”`,
    en: (d) => `The file has no attribute "${d.field}"`,
  },
  not_overloaded: {
    'zh-CN': (d) => `网格 ${d.code} 每名网格员约 ${d.perWorker} 户，未超过标准 ${d.standard} 户；如仍要拆分，请指定份数`,
    en: (d) =>
      `Grid ${d.code} has about ${d.perWorker} households per worker, within the standard of ${d.standard}; give a number of parts to split anyway`,
  },
  no_blocks_to_split: {
    'zh-CN': (d) => `网格 ${d.code} 只有 ${d.blocks} 个地块，不足以沿街拆成 ${d.parts} 份；请手工画分割线`,
    en: (d) => `Grid ${d.code} has ${d.blocks} blocks, too few to split along streets into ${d.parts}; draw the cutting line by hand`,
  },
  import_duplicate_code: {
    'zh-CN': (d) => `多个要素对应同一网格 ${d.code}`,
    en: (d) => `Several features map to the same cell ${d.code}`,
  },
};

/** Picks zh-CN unless the client prefers English (Accept-Language). */
export function pickLanguage(acceptLanguage: string | undefined): ApiLanguage {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]!.trim().toLowerCase();
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

/** The message for an error code in a language. */
export function errorMessage(code: ErrorCode, language: ApiLanguage, detail: Record<string, string | number>): string {
  return MESSAGES[code][language](detail);
}
