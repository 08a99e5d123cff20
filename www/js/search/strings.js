// The interface strings of <descent-search>, in English and Chinese (read with shared/i18n.js's `translator`).
// Config names and values (lr, l2, EI, LCB, n_initial, kernel_spec, Matern, ...), formulas and numbers stay as
// they are in both languages: they are the API that the lessons, the URL and the JS use. Messages from the WASM
// core stay in English inside a Chinese lead-in that says what kind of problem it is.

import { formatProp } from '../shared/state.js';
import { KERNEL_PRESETS } from './props.js';

export const STRINGS = {
  // ----- status and messages -----
  loading: { en: 'Loading…', zh: '加载中…' },
  wasmFailed: {
    en: 'This widget could not start: the WebAssembly module failed to load ({detail}).',
    zh: '演示器无法启动：WebAssembly 模块加载失败（{detail}）。',
  },
  syncTaken: {
    en: 'another element on this page already keeps the URL in step; this one does not',
    zh: 'sync-url：本页已有另一个元素与网址同步，这个元素不再同步',
  },
  labInvalid: { en: 'These settings are not valid: {detail}', zh: '配置有误：{detail}' },
  nInitialAbove: {
    en: 'n_initial = {n} is above the budget ({budget}): all of Bayesian optimization’s trials are random ones',
    zh: 'n_initial = {n} 超过了预算（{budget}）：贝叶斯优化的所有试验都将是随机试验',
  },
  gpError: { en: '{detail}', zh: '高斯过程出错：{detail}' },
  hdError: { en: '{detail}', zh: '超梯度下降出错：{detail}' },
  boStopped: { en: 'Bayesian optimization stopped: {detail}', zh: '贝叶斯优化已停止：{detail}' },
  badSetting: { en: '{detail}', zh: '设置有误：{detail}' },
  // Bad attribute / link values (shared/state.js's message, rebuilt in Chinese by localizeStateMessage below).
  badValue: { en: '{name}="{raw}" is not allowed: expected {expected}; {fallback}', zh: '{name}="{raw}" 无效：应为{expected}；{fallback}' },
  badValueInLink: { en: 'in the link: {message}', zh: '链接中的 {message}' },
  usingDefault: { en: 'using the default ({value})', zh: '已改用默认值（{value}）' },
  usingDefaultPlain: { en: 'using the default', zh: '已改用默认值' },
  badHashField: { en: 'the link has a badly encoded field "{field}"; it was ignored', zh: '链接中的字段“{field}”编码有误，已忽略' },

  // ----- tabs and toolbar -----
  views: { en: 'Views', zh: '视图' },
  tabSearch: { en: 'Search lab', zh: '超参数搜索' },
  tabHd: { en: 'Hypergradient descent', zh: '超梯度下降' },
  objective: { en: 'Objective', zh: '目标函数' },
  search: { en: 'Search', zh: '搜索' },
  axis0: { en: 'First hyperparameter searched', zh: '搜索的第一个超参数' },
  axis1: { en: 'Second hyperparameter searched', zh: '搜索的第二个超参数' },
  axisNone: { en: '(none: 1-D)', zh: '（无：一维）' },
  data: { en: 'Data', zh: '数据集' },
  scoreBy: { en: 'Score by', zh: '评分方式' },
  holdOut: { en: '30 % hold-out', zh: '留出 30 % 验证' },
  folds: { en: '{k}-fold CV', zh: '{k} 折交叉验证' },
  searchControls: { en: 'Search controls', zh: '搜索控制' },
  reset: { en: 'Reset', zh: '重置' },
  resetTitle: { en: 'Start the search over', zh: '重新开始搜索' },
  step: { en: 'Step', zh: '单步' },
  stepTitle: { en: 'One trial of each method', zh: '每种方法各做一次试验' },
  play: { en: 'Play', zh: '播放' },
  pause: { en: 'Pause', zh: '暂停' },
  runAll: { en: 'Run to end', zh: '运行到结束' },
  runAllTitle: { en: 'Spend the whole budget', zh: '把预算全部用完' },
  seed: { en: 'Seed', zh: '随机种子' },
  seedExpected: { en: 'a whole number from 0 to 1000000000', zh: '应为 0 到 1000000000 之间的整数' },
  methods: { en: 'Methods', zh: '方法' },
  methodGrid: { en: 'Grid', zh: '网格' },
  methodRandom: { en: 'Random', zh: '随机' },
  methodBayes: { en: 'Bayesian opt.', zh: '贝叶斯优化' },

  // ----- sliders -----
  epochs: { en: 'Epochs per trial', zh: '每次试验的 epoch 数' },
  noise: { en: 'Observation noise σ', zh: '观测噪声 σ' },
  budget: { en: 'Budget (trials per method)', zh: '预算（每种方法的试验次数）' },
  xi: { en: 'ξ (exploration margin)', zh: 'ξ（探索余量）' },
  kappa: { en: 'κ (exploration weight)', zh: 'κ（探索权重）' },
  nInitial: { en: 'Random first trials (n_initial)', zh: '初始随机试验数 n_initial' },
  restarts: { en: 'Optimizer restarts', zh: '优化器重启次数' },
  alpha: { en: 'alpha (added to K’s diagonal)', zh: 'alpha（加到 K 的对角线上）' },
  hdLr: { en: 'Initial learning rate α₀', zh: '初始学习率 α₀' },
  hdBeta: { en: 'Hypergradient rate β', zh: '超梯度学习率 β' },
  hdSteps: { en: 'Steps', zh: '步数' },

  // ----- panels -----
  mapTrueLoss: { en: 'Map the true loss', zh: '绘出真实损失' },
  mapTraining: { en: 'Training {done} / {total}…', zh: '正在训练 {done} / {total}…' },
  mapDone: {
    en: 'The first panel shows the loss of {side} × {side} grid cells: an exhaustive search would have cost {runs} training runs.',
    zh: '第一幅图显示了 {side} × {side} 个网格单元上的损失：穷举搜索要花 {runs} 次训练。',
  },
  mapCost: {
    en: '{side} × {side} = {cells} cells, {runs} training runs: what an exhaustive search would cost.',
    zh: '{side} × {side} = {cells} 个单元，{runs} 次训练：这就是穷举搜索的代价。',
  },
  logScale: { en: '{label} (log scale)', zh: '{label}（对数尺度）' },
  lcbTitle: {
    en: 'Lower confidence bound μ − {kappa}σ  (★ its minimum: the next trial)',
    zh: '置信下界 μ − {kappa}σ（★ 其最小值：下一次试验）',
  },
  improvementTitle: { en: '{name}, ξ = {xi}  (★ its maximum: the next trial)', zh: '{name}，ξ = {xi}（★ 其最大值：下一次试验）' },
  ei: { en: 'Expected improvement', zh: '期望改进' },
  pi: { en: 'Probability of improvement', zh: '改进概率' },
  noBoOff: {
    en: 'Bayesian optimization is off (tick it above to see its Gaussian process).',
    zh: '贝叶斯优化未开启（在上方勾选它，就能看到它的高斯过程）。',
  },
  noBoYet: {
    en: 'The Gaussian process appears after Bayesian optimization’s first trial.',
    zh: '贝叶斯优化做完第一次试验后，这里会出现高斯过程。',
  },
  trialsTitle: { en: 'Trials of every method', zh: '各方法的全部试验' },
  trialsOverLoss: {
    en: 'Trials of every method, over the true loss ({side} × {side} cells)',
    zh: '各方法的全部试验，底图为真实损失（{side} × {side} 个单元）',
  },
  trialsOverObjective: { en: 'Trials of every method, over the true objective', zh: '各方法的全部试验，底图为真实目标函数' },
  trialsNote: {
    en: 'The true loss is unknown: every point will be a real training run (or map it below).',
    zh: '真实损失未知：每个点都要真的训练一次（也可以在下方绘出它）。',
  },
  range: { en: '  ({lo} to {hi})', zh: '（{lo} 到 {hi}）' },
  meanTitle: { en: 'GP posterior mean μ: BO’s belief{range}', zh: '高斯过程后验均值 μ：贝叶斯优化的估计{range}' },
  stdTitle: { en: 'GP posterior std σ: its uncertainty{range}', zh: '高斯过程后验标准差 σ：不确定性{range}' },
  curveTitle: { en: 'GP mean ± 2σ (BO’s belief) and every trial', zh: '高斯过程均值 ± 2σ（贝叶斯优化的估计）与全部试验' },
  curveTitleTruth: {
    en: 'Objective (dashed), GP mean ± 2σ (BO’s belief) and every trial',
    zh: '目标函数（虚线）、高斯过程均值 ± 2σ（贝叶斯优化的估计）与全部试验',
  },
  curveNote: {
    en: 'Press Step or Play: each method spends one trial per step.',
    zh: '按“单步”或“播放”：每一步，每种方法各做一次试验。',
  },
  curveAria: {
    en: 'Objective and Gaussian-process belief along {axis}, with {n} trials',
    zh: '沿 {axis} 的目标函数与高斯过程估计，共 {n} 次试验',
  },
  acqAria: { en: 'Acquisition function along {axis}{next}', zh: '沿 {axis} 的采集函数{next}' },
  nextAt: { en: '; next trial at {point}', zh: '；下一次试验位于 {point}' },
  trialsAria: { en: '{n} trials of {methods} over {a0} and {a1}', zh: '{methods}在 {a0} 与 {a1} 上的 {n} 次试验' },
  meanAria: {
    en: 'Heatmap of the Gaussian process posterior mean over {a0} and {a1}',
    zh: '高斯过程后验均值在 {a0} 与 {a1} 上的热图',
  },
  stdAria: { en: 'Heatmap of the Gaussian process posterior standard deviation', zh: '高斯过程后验标准差的热图' },
  acqHeatAria: { en: 'Heatmap of the acquisition function{next}', zh: '采集函数的热图{next}' },
  listSep: { en: ', ', zh: '、' },
  // The legend line under the panels.
  shapeGrid: { en: 'squares: grid', zh: '方块：网格' },
  shapeRandom: { en: 'triangles: random', zh: '三角：随机' },
  shapeBayes: { en: 'circles: Bayesian optimization', zh: '圆点：贝叶斯优化' },
  shapeRing: { en: 'ring: the latest trial', zh: '圆环：最近一次试验' },
  shapeStar: { en: '★: BO’s next trial', zh: '★：贝叶斯优化的下一次试验' },
  shapeRugs: { en: 'ticks inside the frame: the distinct values each method tried', zh: '框内短线：各方法试过的不同取值' },
  sentence: { en: '{text}.', zh: '{text}。' },
  sentenceSep: { en: ' ', zh: '' },
  darkLow: { en: 'Dark = low, light = high.', zh: '颜色越深值越低，越浅值越高。' },
  sameStart: {
    en: 'BO’s first {n} trials are random search’s first {n} (same seed), so those points coincide.',
    zh: '贝叶斯优化的前 {n} 次试验就是随机搜索的前 {n} 次（种子相同），所以这些点重合。',
  },

  // ----- best-so-far chart and table -----
  bestChartAria: { en: 'Best value so far versus trials, for each method', zh: '各方法迄今最好的值随试验次数的变化' },
  bestLoss: { en: 'Best validation loss so far', zh: '截至每次试验的最好验证损失' },
  bestValue: { en: 'Best value so far', zh: '截至每次试验的最好值' },
  bestTitle: { en: '{what} (lower is better) vs trials', zh: '{what}（越低越好）' },
  budgetSpentCaption: { en: 'Budget spent so far', zh: '已用预算' },
  colMethod: { en: 'Method', zh: '方法' },
  colTrials: { en: 'Trials', zh: '试验' },
  colBest: { en: 'Best', zh: '最好值' },
  colAt: { en: 'at', zh: '位置' },
  colDistinct: { en: 'distinct {name}', zh: '{name} 取值数' },
  trialsCell: { en: '{n} / {planned}', zh: '{n} / {planned}' },
  divergedCell: { en: ' ({n} diverged)', zh: '（{n} 次发散）' },

  // ----- status line -----
  progress: { en: '{done} / {budget} steps', zh: '{done} / {budget} 步' },
  replaying: { en: 'Replaying the link: step {done} of {target}…', zh: '正在重放链接：第 {done} / {target} 步…' },
  gridNote: {
    en: ' Grid search can use only {grid} of the {budget} trials (a full grid).',
    zh: '网格搜索只能用上 {budget} 次试验中的 {grid} 次（完整的网格）。',
  },
  eachStep: { en: 'Each step runs one trial of each method.{gridNote}', zh: '每一步，每种方法各做一次试验。{gridNote}' },
  budgetSpent: { en: 'Budget spent', zh: '预算已用完' },
  stepOf: { en: 'Step {done} of {max}', zh: '第 {done} / {max} 步' },
  bestSoFar: { en: '{state}. Best so far: {parts}.', zh: '{state}。迄今最好：{parts}。' },

  // ----- Bayesian optimization settings -----
  boSettings: { en: 'Bayesian optimization: Gaussian process and acquisition', zh: '贝叶斯优化：高斯过程与采集函数' },
  kernel: { en: 'Kernel', zh: '核函数' },
  ard: { en: 'one length scale per axis', zh: '每个轴各用一个长度尺度' },
  white: { en: '+ WhiteKernel (noise)', zh: '+ WhiteKernel（噪声）' },
  normalizeY: { en: 'normalize_y', zh: 'normalize_y（标准化 y）' },
  fit: { en: 'fit hyperparameters (max. log marginal likelihood)', zh: '拟合核超参数（最大化对数边际似然）' },
  acquisition: { en: 'Acquisition', zh: '采集函数' },
  acqEI: { en: 'Expected improvement (EI)', zh: '期望改进（EI）' },
  acqPI: { en: 'Probability of improvement (PI)', zh: '改进概率（PI）' },
  acqLCB: { en: 'Lower confidence bound (LCB)', zh: '置信下界（LCB）' },
  kernelJson: { en: 'kernel_spec (JSON, editable)', zh: 'kernel_spec（JSON，可编辑）' },
  apply: { en: 'Apply', zh: '应用' },
  customKernel: { en: 'custom (JSON below)', zh: '自定义（见下方 JSON）' },
  notJson: { en: 'not valid JSON ({detail})', zh: '不是有效的 JSON（{detail}）' },
  needType: {
    en: 'expected an object with a "type" (ConstantKernel, RBF, Matern, WhiteKernel, Sum, Product)',
    zh: '应为带 "type" 字段的对象（ConstantKernel、RBF、Matern、WhiteKernel、Sum、Product）',
  },
  kernelRejected: { en: '{detail}', zh: '配置有误：{detail}' },
  gpReadout: {
    en: 'Kernel ({fit}, length scales in units of the searched box): {kernel} · log marginal likelihood {lml}',
    zh: '核函数（{fit}，长度尺度以搜索区域为单位）：{kernel} · 对数边际似然 {lml}',
  },
  fitted: { en: 'fitted', zh: '已拟合' },
  fixed: { en: 'fixed', zh: '固定' },
  jitter: { en: ' · jitter {value} added to K', zh: ' · K 的对角线上已加入抖动 (jitter) {value}' },
  observations: { en: ' · {n} observations', zh: ' · {n} 个观测' },
  lastStep: { en: ' · last step {ms} ms (the fit grows as N³)', zh: ' · 上一步耗时 {ms} ms（拟合开销按 N³ 增长）' },

  // ----- hypergradient tab -----
  surface: { en: 'Surface', zh: '损失曲面' },
  hdLrAria: { en: 'Learning rate versus step', zh: '学习率随步数的变化' },
  hdLossAria: { en: 'Loss versus step', zh: '损失随步数的变化' },
  hdLegendHd: { en: 'SGD with hypergradient descent', zh: 'SGD + 超梯度下降' },
  hdLegendSgd: { en: 'plain SGD (fixed α₀)', zh: '普通 SGD（固定 α₀）' },
  hdLrTitle: { en: 'Learning rate αₜ', zh: '学习率 αₜ' },
  hdLossTitle: { en: 'Loss f(θₜ)', zh: '损失 f(θₜ)' },
  hdPathsAria: {
    en: '{surface}: the path of SGD with hypergradient descent (orange) and of plain SGD (white), a dot every few steps',
    zh: '{surface}：带超梯度下降的 SGD（橙色）与普通 SGD（白色）的路径，每隔几步一个点',
  },
  hdResult: {
    en: 'After {steps} steps: hypergradient f = {f} with α ending at {a}; plain SGD f = {f0} with α = {a0}.',
    zh: '{steps} 步之后：超梯度 f = {f}，α 最终为 {a}；普通 SGD f = {f0}，α = {a0}。',
  },
  hdDiverged: {
    en: ' The hypergradient run diverged at step {k}: β is too large for this surface.',
    zh: '超梯度那条在第 {k} 步发散：对这个曲面来说 β 太大了。',
  },
  sgdDiverged: { en: ' Plain SGD diverged at step {k}: α₀ is too large.', zh: '普通 SGD 在第 {k} 步发散：α₀ 太大了。' },
  hdNegative: {
    en: ' The rate went negative at some step (the update then climbs the loss).',
    zh: '学习率在某一步变成了负数（此后的更新反而让损失上升）。',
  },

  // ----- sharing -----
  copyLink: { en: 'Copy link', zh: '复制链接' },
  copyEmbed: { en: 'Copy embed code', zh: '复制嵌入代码' },
  copyBox: { en: 'Link or embed code to copy', zh: '要复制的链接或嵌入代码' },
  linkCopied: { en: 'Link copied.', zh: '链接已复制。' },
  embedCopied: { en: 'Embed code copied.', zh: '嵌入代码已复制。' },
  copyByHand: { en: 'Select the text below and copy it (Ctrl+C).', zh: '请选中下面的文字并复制（Ctrl+C）。' },
};

/** The hypergradient tab's explanation: static markup (sub- and superscripts), one per language. */
export const HD_EXPLAIN = {
  en: `<p class="explain">The learning rate can itself be learned by gradient descent. After the update
      θ<sub>t</sub> = θ<sub>t−1</sub> − α ∇f(θ<sub>t−1</sub>), the loss depends on α through θ<sub>t</sub>, and
      ∂f(θ<sub>t</sub>)/∂α = −∇f(θ<sub>t</sub>) · ∇f(θ<sub>t−1</sub>). Hypergradient descent (Baydin et al., 2018)
      takes a step on α with its own rate β before each update:
      <strong>α<sub>t</sub> = α<sub>t−1</sub> + β ∇f(θ<sub>t−1</sub>) · ∇f(θ<sub>t−2</sub>)</strong>:
      the rate grows while successive gradients agree and shrinks when they turn against each other.</p>`,
  zh: `<p class="explain">学习率本身也可以用梯度下降来学。更新
      θ<sub>t</sub> = θ<sub>t−1</sub> − α ∇f(θ<sub>t−1</sub>) 之后，损失通过 θ<sub>t</sub> 依赖于 α，且
      ∂f(θ<sub>t</sub>)/∂α = −∇f(θ<sub>t</sub>) · ∇f(θ<sub>t−1</sub>)。超梯度下降（Baydin 等，2018）在每次更新之前，先用它自己的学习率
      β 对 α 走一步：<strong>α<sub>t</sub> = α<sub>t−1</sub> + β ∇f(θ<sub>t−1</sub>) · ∇f(θ<sub>t−2</sub>)</strong>。相邻两次梯度方向一致时，学习率变大；方向相反时，学习率变小。</p>`,
};

/** Labels of the choices (English as in props.js; Chinese beside or instead of a name where it helps). */
export const OBJECTIVE_LABELS = {
  network: { en: 'Tiny network: validation loss', zh: '小网络：验证损失' },
  forrester: { en: 'Forrester (1-D)', zh: 'Forrester（一维）' },
  gramacy_lee: { en: 'Gramacy & Lee, many ripples (1-D)', zh: 'Gramacy & Lee，多波纹（一维）' },
  branin: { en: 'Branin, three minima (2-D)', zh: 'Branin，三个极小值（二维）' },
  low_effective_dim: { en: 'Only x matters (2-D)', zh: '只有 x 起作用（二维）' },
  himmelblau: { en: 'Himmelblau, log scale (2-D)', zh: 'Himmelblau，对数尺度（二维）' },
  six_hump_camel: { en: 'Six-hump camel (2-D)', zh: '六峰驼背函数（二维）' },
};

/** The searchable hyperparameters: the config name stays beside the Chinese one. */
export const PARAM_LABELS = {
  lr: { en: 'learning rate', zh: '学习率 lr' },
  l2: { en: 'L2 strength', zh: 'L2 强度 l2' },
  hidden: { en: 'hidden units', zh: '隐藏单元数 hidden' },
  batch_size: { en: 'batch size', zh: '批大小 batch_size' },
  momentum: { en: 'momentum', zh: '动量 momentum' },
};

export const DATASET_LABELS = {
  circle: { en: 'circle', zh: 'circle（圆环）' },
  xor: { en: 'xor', zh: 'xor（异或）' },
  gauss: { en: 'gauss', zh: 'gauss（两个高斯簇）' },
  spiral: { en: 'spiral', zh: 'spiral（螺旋）' },
  moons: { en: 'moons', zh: 'moons（两个月牙）' },
  blobs: { en: 'blobs', zh: 'blobs（三个簇，3 类）' },
  spiral3: { en: 'spiral3', zh: 'spiral3（三臂螺旋，3 类）' },
  line: { en: 'line', zh: 'line（直线，回归）' },
  sine: { en: 'sine', zh: 'sine（正弦，回归）' },
  plane: { en: 'plane', zh: 'plane（平面，回归）' },
};

export const HD_SURFACE_LABELS = {
  quadratic: { en: 'Quadratic bowl (κ = 10)', zh: '二次碗（κ = 10）' },
  booth: { en: 'Booth', zh: 'Booth 函数' },
  himmelblau: { en: 'Himmelblau', zh: 'Himmelblau 函数' },
  beale: { en: 'Beale', zh: 'Beale 函数' },
  six_hump_camel: { en: 'Six-hump camel', zh: '六峰驼背函数' },
  rosenbrock: { en: 'Rosenbrock valley', zh: 'Rosenbrock 山谷' },
};

export const KERNEL_LABELS = {
  matern52: { en: 'Matérn ν = 2.5', zh: 'Matérn ν = 2.5' },
  matern32: { en: 'Matérn ν = 1.5', zh: 'Matérn ν = 1.5' },
  rbf: { en: 'RBF (squared exponential)', zh: 'RBF（平方指数核）' },
};

/** The label of `key` in one of the label tables above. */
export function labelOf(table, key, lang) {
  const entry = table[key];
  return entry ? entry[lang] ?? entry.en : key;
}

/** What a prop accepts, in Chinese, to follow "应为" (the English is the kind's `expected`: shared/state.js, props.js). */
function expectedZh(prop) {
  const kind = prop.kind;
  const list = (names) => names.join('、');
  switch (prop.name) {
    case 'space':
      return ` ${list(['lr', 'l2', 'hidden', 'batch_size', 'momentum'])} 中的 1 到 2 个（互不相同，以逗号分隔）`;
    case 'methods':
      return ` ${list(['grid', 'random', 'bayes'])} 中的 1 到 3 个（互不相同，以逗号分隔）`;
    case 'kernel':
      return ` ${list(Object.keys(KERNEL_PRESETS))} 之一，或 JSON 格式的 kernel_spec，例如 {"type":"RBF","length_scale":0.3}`;
    case 'cv_folds':
      return ' 0（单次留出验证），或 2 到 10 之间的折数';
    default:
      break;
  }
  if (Array.isArray(kind.values)) return ` ${list(kind.values.map((v) => `"${v}"`))} 之一`;
  const e = String(kind.expected ?? '');
  let m = /^a whole number from (\S+) to (\S+)$/.exec(e);
  if (m) return ` ${m[1]} 到 ${m[2]} 之间的整数`;
  m = /^a number in \[(.+), (.+)\]$/.exec(e);
  if (m) return ` [${m[1]}, ${m[2]}] 范围内的数`;
  if (e === 'no value, "true" or "false"') return '空值、"true" 或 "false"';
  return ` ${e}`;
}

/**
 * A message of shared/state.js about a bad attribute or link value (`budget="abc" is not allowed: expected ...;
 * using the default (25)`), in the element's language. `name` is the prop's name (or '#' for the link's own
 * problems). English comes back unchanged; a message of another shape gets a Chinese lead-in.
 */
export function localizeStateMessage(message, name, prop, t, lang) {
  if (lang === 'en' || !message) return message;
  const inLink = message.startsWith('in the link: ');
  const body = inLink ? message.slice('in the link: '.length) : message;
  if (name === '#') {
    const fields = [...body.matchAll(/the link has a badly encoded field "(.*?)"; it was ignored/g)].map((m) => m[1]);
    if (fields.length) return fields.map((field) => t('badHashField', { field })).join('；');
  }
  const head = `${name}="`;
  const mid = '" is not allowed: expected ';
  const at = body.lastIndexOf(mid);
  if (prop && body.startsWith(head) && at >= head.length) {
    const raw = body.slice(head.length, at);
    const def = formatProp(prop, prop.default);
    const fallback = def === null ? t('usingDefaultPlain') : t('usingDefault', { value: def === '' ? '开启' : def });
    const text = t('badValue', { name, raw, expected: expectedZh(prop), fallback });
    return inLink ? t('badValueInLink', { message: text }) : text;
  }
  return /[\u3400-\u9fff]/.test(message) ? message : t('badSetting', { detail: message });
}
