// The interface strings of <descent-surface>, in English and Chinese (read with shared/i18n.js's translator()).
//
// Only what a reader reads is here: labels, buttons, tooltips, aria labels, status lines, notes and the frame of
// every message. Config names and values (lr, momentum, "SGD", "StepLR", step_size), formulas and numbers are not
// translated: they are what a reader types into attributes and code. Messages of the WASM core keep their English
// detail and get a Chinese lead-in (localize.js).
//
// The English strings are the element's original text, unchanged; the Chinese is written as a mainland textbook on
// deep learning would put it (学习率, 动量, 步, 发散, ...), short where it labels a control.

/** `{ key: { en, zh } }`; `{name}` placeholders are filled by t(key, vars). */
export const STRINGS = {
  // ----- template (template.js) -----
  surface: { en: 'Surface', zh: '曲面' },
  colours: { en: 'Colours', zh: '色阶' },
  scaleAuto: { en: 'auto', zh: '自动' },
  scaleLog: { en: 'log scale', zh: '对数尺度' },
  scaleLinear: { en: 'linear scale', zh: '线性尺度' },
  view: { en: 'View', zh: '视图' },
  zoomOut: { en: 'Zoom out', zh: '缩小' },
  zoomIn: { en: 'Zoom in', zh: '放大' },
  pan: { en: 'Pan', zh: '平移' },
  panTitle: { en: 'Drag to pan (or hold Shift while dragging)', zh: '拖动以平移视图（或按住 Shift 拖动）' },
  resetView: { en: 'Reset view', zh: '重置视图' },
  viewBox: { en: 'View box', zh: '显示范围' },
  apply: { en: 'Apply', zh: '应用' },
  exprHelp: {
    en: 'Use + − * / ^, parentheses, sin cos tan exp log sqrt abs tanh, pi and e.',
    zh: '可用 + − * / ^、括号、sin cos tan exp log sqrt abs tanh，以及常数 pi 和 e。',
  },
  figureRole: { en: 'interactive loss surface', zh: '可交互的损失曲面' },
  lossSurface: { en: 'Loss surface', zh: '损失曲面' },
  lossSurfaceOf: { en: 'Loss surface: {title}', zh: '损失曲面：{title}' },
  figureHelp: {
    en: 'Click or tap to set the start point of every run; drag to move it. Arrow keys move the start point, Shift ' +
      'with an arrow pans, plus and minus zoom, 0 resets the view, space plays or pauses. Scroll with Ctrl held, or ' +
      'after clicking the plot, to zoom; drag with Shift held or in Pan mode to pan; pinch with two fingers to zoom.',
    zh: '点击或轻触图像，设置所有轨迹的起点；拖动可移动起点。方向键移动起点，Shift 加方向键平移视图，加号和减号缩放，' +
      '0 重置视图，空格键播放或暂停。按住 Ctrl 滚动滚轮（或先点击图像再滚动）可缩放；按住 Shift 拖动或在平移模式下拖动' +
      '可平移；双指捏合可缩放。',
  },
  playback: { en: 'Playback', zh: '播放控制' },
  reset: { en: 'Reset', zh: '重置' },
  resetTitle: { en: 'Back to step 0', zh: '回到第 0 步' },
  stepBack: { en: 'Step back', zh: '后退一步' },
  stepForward: { en: 'Step forward', zh: '前进一步' },
  play: { en: 'Play', zh: '播放' },
  pause: { en: 'Pause', zh: '暂停' },
  scrubber: { en: 'Step', zh: '当前步' },
  speed: { en: 'Speed', zh: '速度' },
  runs: { en: 'Runs', zh: '轨迹' },
  addRun: { en: '+ Add run', zh: '+ 添加轨迹' },
  run: { en: 'Run', zh: '轨迹' },
  lossChart: { en: 'Loss versus step for every run', zh: '各条轨迹的损失随步数的变化' },
  lrChart: { en: 'Learning rate versus step for every run', zh: '各条轨迹的学习率随步数的变化' },
  updateRule: { en: 'Update rule', zh: '更新规则' },
  copyLink: { en: 'Copy link', zh: '复制链接' },
  copyEmbed: { en: 'Copy embed code', zh: '复制嵌入代码' },
  shareBox: { en: 'Link or embed code to copy', zh: '要复制的链接或嵌入代码' },

  // ----- controls built at start -----
  speedOption: { en: '{v} steps/s', zh: '{v} 步/秒' },
  kappa: { en: 'condition number κ', zh: '条件数 κ' },
  steps: { en: 'steps', zh: '总步数' },
  'surface.quadratic': { en: 'Quadratic bowl', zh: '二次碗形' },
  'surface.rosenbrock': { en: 'Rosenbrock valley', zh: 'Rosenbrock 山谷' },
  'surface.beale': { en: 'Beale', zh: 'Beale 函数' },
  'surface.himmelblau': { en: 'Himmelblau (4 minima)', zh: 'Himmelblau（4 个极小值）' },
  'surface.booth': { en: 'Booth', zh: 'Booth 函数' },
  'surface.saddle': { en: 'Saddle x² − y²', zh: '鞍面 x² − y²' },
  'surface.six_hump_camel': { en: 'Six-hump camel', zh: '六峰驼背函数' },
  'surface.custom': { en: 'Your function f(x, y)', zh: '自定义函数 f(x, y)' },

  // ----- run editor -----
  runN: { en: 'Run {n}', zh: '轨迹 {n}' },
  optimizer: { en: 'optimizer', zh: '优化器' },
  lrSchedule: { en: 'lr schedule', zh: '学习率调度' },
  noSchedule: { en: 'none (constant η)', zh: '无（η 恒定）' },
  scheduleJsonSummary: { en: 'schedule as JSON (every argument, e.g. milestones)', zh: '以 JSON 编辑调度（全部参数，如 milestones）' },
  scheduleJson: { en: 'Schedule as JSON', zh: '调度的 JSON' },
  noBiasCorrection: { en: 'no bias corr.', zh: '无偏差修正' },
  // A "run" is called 轨迹 in Chinese, as the lessons call its path on the surface ("选中一条轨迹").
  // The knobs of runs.js by config key (`key` or `key[index]`); the English label stays the one in runs.js (the
  // network element shares that table). The Chinese names the config key too, as the lessons write it.
  'knob.lr': { zh: '学习率 η（lr）' },
  'knob.momentum': { zh: '动量 μ（momentum）' },
  'knob.dampening': { zh: '阻尼 τ（dampening）' },
  'knob.weight_decay': { zh: '权重衰减 λ（weight_decay）' },
  'knob.eps': { zh: '数值稳定项 ε（eps）' },
  'knob.maximize': { zh: '最大化（梯度上升，maximize）' },
  'knob.nesterov': { zh: 'Nesterov 动量（nesterov）' },
  'knob.betas[0]': { zh: 'β₁：m 的衰减率（betas[0]）' },
  'knob.betas[1]': { zh: 'β₂：v 的衰减率（betas[1]）' },
  'knob.bias_correction': { zh: '偏差修正（bias_correction）' },
  'knob.amsgrad': { zh: 'AMSGrad：取 v 的历史最大值（amsgrad）' },
  'knob.lr_decay': { zh: '学习率衰减（lr_decay）' },
  'knob.initial_accumulator_value': { zh: '累加器初值 G₀（initial_accumulator_value）' },
  'knob.alpha': { zh: '平滑系数 α（alpha）' },
  'knob.centered': { zh: '中心化（centered）' },

  // ----- legend, status, announcements -----
  lossAtStep: { en: 'loss {loss} at step {k}', zh: '第 {k} 步损失 {loss}' },
  stoppedThen: { en: '{reason} · loss {loss} at step {k}', zh: '{reason} · 第 {k} 步损失 {loss}' },
  legendButton: { en: 'Run {n}, {colour}: {label}; {text}', zh: '轨迹 {n}（{colour}）：{label}；{text}' },
  removeRun: { en: 'Remove run {n} ({type})', zh: '删除轨迹 {n}（{type}）' },
  description: { en: '{type}, step {step} of {steps}, loss {loss}', zh: '{type}，第 {step}/{steps} 步，损失 {loss}' },
  descriptionStopped: { en: ', {reason}', zh: '，{reason}' },
  willDiverge: { en: ', will diverge at step {step}', zh: '，将在第 {step} 步发散' },
  stepN: { en: 'step {n}', zh: '第 {n} 步' },
  'colour.red': { en: 'red', zh: '红色' },
  'colour.cyan': { en: 'cyan', zh: '青色' },
  'colour.orange': { en: 'orange', zh: '橙色' },
  'colour.pink': { en: 'pink', zh: '粉色' },
  'colour.lime': { en: 'lime', zh: '黄绿色' },
  'colour.white': { en: 'white', zh: '白色' },

  // ----- charts -----
  lossTitle: { en: 'loss f(θ)', zh: '损失 f(θ)' },
  lrTitle: { en: 'learning rate η', zh: '学习率 η' },

  // ----- formula -----
  updateRuleOf: { en: 'Update rule · run {n} ({type})', zh: '更新规则 · 轨迹 {n}（{type}）' },
  noUpdateStopped: { en: '{reason}: no update to show.', zh: '{reason}：没有可显示的更新。' },
  noUpdates: { en: 'No updates: set steps above 0.', zh: '没有更新：请把步数设为大于 0。' },
  captionStart: {
    en: 'Step 0 is the start point; shown: the first update, ',
    zh: '第 0 步是起点；下面显示的是',
  },
  captionStopped: { en: 'The run stopped after update {n}; shown: ', zh: '这条轨迹在第 {n} 次更新后停止；下面显示的是' },
  captionShown: { en: 'Shown: ', zh: '下面显示的是' },
  captionUpdate: {
    en: 'update t = {t} (from step {from} to {t}), with η_t = {eta}. Vectors are (x, y); products, squares, roots and ' +
      'fractions are element-wise.',
    zh: '第 t = {t} 次更新（从第 {from} 步到第 {t} 步），η_t = {eta}。向量写作 (x, y)；乘积、平方、开方和分式都按元素计算。',
  },
  katexFailed: { en: 'The formula typesetter (KaTeX) could not be loaded.', zh: '公式排版库（KaTeX）加载失败。' },

  // ----- notes and messages -----
  loading: { en: 'Loading…', zh: '加载中…' },
  cannotStart: {
    en: 'This widget could not start: the WebAssembly module failed to load.',
    zh: '组件无法启动：WebAssembly 模块加载失败。',
  },
  wasmFailed: { en: 'Could not load the WebAssembly module ({detail}).', zh: '无法加载 WebAssembly 模块（{detail}）。' },
  wheelHint: { en: 'Click the plot first (or hold Ctrl) to zoom with the wheel', zh: '先点击图像（或按住 Ctrl）再用滚轮缩放' },
  undefinedPart: {
    en: 'f is not defined on part of the view ({share}% of it, e.g. the log or square root of a negative number); ' +
      'that part is left blank.',
    zh: 'f 在当前视图的一部分（约 {share}%）上没有定义（例如对负数取对数或开平方），这部分留白。',
  },
  flat: { en: 'f is constant over this view.', zh: 'f 在当前视图内是常数。' },
  dismiss: { en: 'Dismiss this message', zh: '关闭此提示' },
  syncTaken: {
    en: 'another element on this page already keeps the URL in step; this one does not',
    zh: 'sync-url：本页已有另一个组件与网址同步，这个组件不再同步',
  },
  viewExpected: { en: 'expected {detail}', zh: '应为{detail}' },
  linkCopied: { en: 'Link copied.', zh: '链接已复制。' },
  embedCopied: { en: 'Embed code copied.', zh: '嵌入代码已复制。' },
  copyByHand: { en: 'Select the text below and copy it (Ctrl+C).', zh: '请选中下面的文字并复制（Ctrl+C）。' },
};
