// The interface strings of <descent-schedule>, in English and Chinese (read with shared/i18n.js's translator()).
//
// Config names (schedule fields such as step_size, gamma; attribute names such as base-lr), schedule types, formulas
// and numbers are not translated: they are what a reader types. On Chinese pages a control shows a short Chinese
// name beside its config name (GLOSSES). Messages of the WASM core keep their English detail behind a Chinese
// lead-in ("配置有误：").

/** `{ key: { en, zh } }`; `{name}` placeholders are filled by t(key, vars). */
export const STRINGS = {
  lr: { en: 'learning rate', zh: '学习率' },
  loss: { en: 'loss (synthetic)', zh: '损失（合成数据）' },
  momentum: { en: 'momentum (β₁ for Adam)', zh: '动量（Adam 中为 β₁）' },
  readout: { en: 'step {t}: lr = {lr}', zh: '第 {t} 步：lr = {lr}' },
  lossEq: { en: 'loss = {v}', zh: '损失 = {v}' },
  momentumEq: { en: 'momentum = {v}', zh: '动量 = {v}' },
  notLibrary: { en: 'not a library schedule', zh: '并非任何框架自带的调度' },
  subLegend: { en: '{formula} — {notLibrary}; {negative}', zh: '{formula}——{notLibrary}；{negative}' },
  neverZero: { en: 'reaches no zero: a negative rate climbs the loss', zh: '不会降到零（学习率一旦为负，损失就会上升）' },
  zeroAt: {
    en: 'reaches zero or below at step {t}: a negative rate climbs the loss',
    zh: '在第 {t} 步降到零或以下：学习率为负会使损失上升',
  },
  synthetic: {
    en: 'A synthetic loss (seed {seed}), not a real training run: ReduceLROnPlateau reads it after each update.',
    zh: '这是合成的损失曲线（随机种子 {seed}），并非真实训练：ReduceLROnPlateau 在每次更新后读取它。',
  },
  chartLabel: {
    en: 'Learning rate of {type} over the steps. Arrow keys move the inspected step.',
    zh: '{type} 的学习率随步数的变化。用方向键移动查看的步。',
  },
  pastTmax: {
    en: 'Past T_max, PyTorch’s CosineAnnealingLR climbs back up (it keeps following the cosine).',
    zh: '超过 T_max 之后，PyTorch 的 CosineAnnealingLR 会沿余弦曲线回升。',
  },
  bad: { en: 'This configuration is not valid: {message}', zh: '配置有误：{message}' },
  loading: { en: 'Loading…', zh: '加载中…' },
  failed: { en: 'The WebAssembly package could not be loaded: {detail}', zh: '无法加载 WebAssembly 包：{detail}' },
  embed: { en: 'Copy embed code', zh: '复制嵌入代码' },
  embedCopied: { en: 'Embed code copied.', zh: '嵌入代码已复制。' },
  copyByHand: { en: 'Select the text below and copy it (Ctrl+C).', zh: '请选中下面的文字并复制（Ctrl+C）。' },
  embedBox: { en: 'Embed code', zh: '嵌入代码' },

  // ----- messages about attributes (the element's own checks; the field name leads each) -----
  notJson: { en: '{name}: not valid JSON ({detail})', zh: '{name}：不是有效的 JSON（{detail}）' },
  notNumberIn: { en: '{name}: {raw} is not a number in [{lo}, {hi}]', zh: '{name}：{raw} 不是 [{lo}, {hi}] 范围内的数' },
  notWholeIn: { en: '{name}: {raw} is not a whole number in [{lo}, {hi}]', zh: '{name}：{raw} 不是 [{lo}, {hi}] 范围内的整数' },
  scheduleObject: { en: 'schedule: expected an object {"type": ..., ...}', zh: 'schedule：应为对象 {"type": ..., ...}' },
  compareArray: { en: 'compare: expected a JSON array of schedules', zh: 'compare：应为由调度组成的 JSON 数组' },
  compareMax: { en: 'compare: at most 5 schedules', zh: 'compare：最多 5 个调度' },
  compareItem: { en: 'compare[{i}]: expected a schedule object {"type": ...}', zh: 'compare[{i}]：应为调度对象 {"type": ...}' },
  subtractiveObject: {
    en: 'subtractive: expected {"drop": number, "n": whole number}',
    zh: 'subtractive：应为 {"drop": 数, "n": 整数}',
  },
  subtractiveDrop: { en: 'subtractive.drop: {v} is not a number ≥ 0', zh: 'subtractive.drop：{v} 不是 ≥ 0 的数' },
  subtractiveN: { en: 'subtractive.n: {v} is not a whole number ≥ 1', zh: 'subtractive.n：{v} 不是 ≥ 1 的整数' },
  subtractiveLr0: { en: 'subtractive.lr0: {v} is not a number', zh: 'subtractive.lr0：{v} 不是数' },
  metricsArray: { en: 'metrics: expected a JSON array of finite numbers', zh: 'metrics：应为由有限数组成的 JSON 数组' },
  metricsShort: {
    en: 'metrics: {n} values given, {steps} needed (one per step)',
    zh: 'metrics：给了 {n} 个值，需要 {steps} 个（每步一个）',
  },
  noControl: {
    en: 'controls: no control for {names} (the schedule\'s numeric fields, "base-lr", "steps", and "drop", "n" with subtractive)',
    zh: 'controls：{names} 没有对应的控件（可用的有：调度的数值参数、"base-lr"、"steps"，以及配合 subtractive 使用的 "drop"、"n"）',
  },
};

/** Short Chinese names shown beside a control's config name on Chinese pages (English pages show the name alone). */
export const GLOSSES = {
  'base-lr': '初始学习率',
  steps: '步数',
  step_size: '衰减间隔',
  gamma: '衰减因子',
  T_max: '半周期',
  T_0: '首个周期',
  T_mult: '周期倍数',
  step_size_up: '上升步数',
  step_size_down: '下降步数',
  total_iters: '持续步数',
  total_steps: '总步数',
  decay_steps: '衰减步数',
  first_decay_steps: '首个衰减周期',
  warmup_steps: '预热步数',
  patience: '容忍步数',
  cooldown: '冷却步数',
  decay_rate: '衰减率',
  factor: '因子',
  start_factor: '起始因子',
  end_factor: '结束因子',
  alpha: '最小比例',
  pct_start: '上升阶段占比',
  power: '幂次',
  eta_min: '最小学习率',
  min_lr: '最小学习率',
  base_lr: '学习率下限',
  max_lr: '最大学习率',
  initial_learning_rate: '初始学习率',
  warmup_target: '预热目标',
  end_learning_rate: '最终学习率',
  base_momentum: '动量下限',
  max_momentum: '动量上限',
  div_factor: '初始除数',
  final_div_factor: '最终除数',
  threshold: '阈值',
  t_mul: '周期倍数',
  m_mul: '幅度倍数',
  drop: '每次下降量',
  n: '下降间隔',
  staircase: '阶梯式',
  cycle: '循环',
  three_phase: '三阶段',
  cycle_momentum: '循环调整动量',
  mode: '模式',
  anneal_strategy: '退火方式',
  threshold_mode: '阈值模式',
};
