// The interface strings of <descent-network>, in English and Chinese (read with `translator` of shared/i18n.js; the
// language is that of the page where the element connects). Config names and values (lr, batch_size, "relu",
// "SGD", JSON), formulas and numbers stay as they are in both languages: they are what the attributes, the URL and
// the lessons' code use. Messages of the WASM core (a config field that is not allowed, a bad CSV line) stay in
// English inside, behind a Chinese lead-in that says what kind of problem it is.
//
// The Chinese is a textbook's: 训练集 / 验证集 / 测试集, 损失, 准确率, 轮 (epoch), 批大小, 早停, 正则化, ...
// Strings go into the shadow DOM as text (textContent, attributes), never as markup.

export const STRINGS = {
  // ----- transport -----
  trainingGroup: { en: 'Training', zh: '训练' },
  reset: { en: 'Reset', zh: '重置' },
  resetTitle: { en: 'New initial weights from the seed, epoch 0', zh: '按种子重新初始化权重，回到第 0 轮' },
  train: { en: 'Train', zh: '训练' },
  pause: { en: 'Pause', zh: '暂停' },
  step: { en: 'Step', zh: '单步' },
  stepTitle: { en: 'Train one epoch', zh: '训练一轮' },
  epochLabel: { en: 'Epoch', zh: '轮次' },
  speed: { en: 'Speed', zh: '速度' },
  perSecond: { en: '{n} epochs/s', zh: '{n} 轮/秒' },
  loading: { en: 'Loading…', zh: '加载中…' },
  wasmFailedNote: { en: 'This widget could not start: the WebAssembly module failed to load.', zh: '无法启动：WebAssembly 模块加载失败。' },
  wasmFailed: { en: 'Could not load the WebAssembly module ({error}).', zh: '无法加载 WebAssembly 模块（{error}）。' },
  couldNotStart: { en: 'This widget could not start.', zh: '无法启动。' },

  // ----- status line -----
  statusEarly: {
    en: 'Early stopping after epoch {epoch}: no improvement since epoch {best}{restored}. Change a setting to continue.',
    zh: '第 {epoch} 轮后早停：自第 {best} 轮起没有改进{restored}。修改任一设置即可继续训练。',
  },
  statusEarlyRestored: { en: '; the weights of that epoch are back', zh: '，已恢复那一轮的权重' },
  statusDiverged: {
    en: 'Diverged in epoch {epoch} (update {step}): the loss is not a finite number. Lower the learning rate and press Reset.',
    zh: '第 {epoch} 轮（第 {step} 次更新）发散：损失已不是有限数。请调低学习率，再点“重置”。',
  },
  statusLr: { en: 'learning rate {lr}', zh: '学习率 {lr}' },
  statusUpdates: { en: '{lr} · {n} updates', zh: '{lr} · 已更新 {n} 次' },
  statusStart: { en: 'Press Train to start.', zh: '点“训练”开始。' },

  // ----- the plot -----
  figureRole: { en: 'decision boundary and data', zh: '决策边界与数据' },
  figureLabel: { en: 'Decision boundary and data points', zh: '决策边界与数据点' },
  figureHelp: {
    en: 'The colours show what the network predicts at each point; the dots are the data. Arrow keys move a cursor '
      + 'over the plot and read the prediction there. In "add points" mode, Enter adds a point at the cursor; in '
      + '"remove points" mode, Enter removes the nearest point. Space starts or pauses training.',
    zh: '颜色表示网络在每个位置的预测，圆点是数据。方向键在图上移动光标并读出该处的预测。“添加点”模式下，回车在光标处'
      + '添加一个点；“删除点”模式下，回车删除最近的点。空格键开始或暂停训练。',
  },
  modeLabel: { en: 'Click on the plot to', zh: '点击图像：' },
  modeInspect: { en: 'read it', zh: '读取预测' },
  modeAdd: { en: 'add points', zh: '添加点' },
  modeRemove: { en: 'remove points', zh: '删除点' },
  ofClass: { en: 'of class', zh: '类别' },
  withTarget: { en: 'with target', zh: '目标值' },
  discretize: { en: 'Show the predicted class only (discretize)', zh: '只显示预测类别（离散化）' },
  legendClass: { en: 'class {c}', zh: '类别 {c}' },
  readPrediction: { en: 'prediction {v}', zh: '预测值 {v}' },
  readP1: { en: 'P(class 1)', zh: 'P(类别 1)' },
  readOutput: { en: 'output', zh: '输出' },
  readClass: { en: '{what} = {v} → class {c}', zh: '{what} = {v} → 类别 {c}' },
  readProbs: { en: 'probabilities', zh: '各类概率' },
  readOutputs: { en: 'outputs', zh: '各类输出' },
  readMany: { en: '{what} {values} → class {c}', zh: '{what} {values} → 类别 {c}' },
  readAt: { en: 'x = {x}, y = {y}: ', zh: 'x = {x}, y = {y}：' },

  // ----- parts of the data -----
  partTrain: { en: 'training', zh: '训练集' },
  partValidation: { en: 'validation', zh: '验证集' },
  partTest: { en: 'test', zh: '测试集' },

  // ----- metrics table -----
  metricsLabel: { en: 'Loss and accuracy per part of the data', zh: '各部分数据上的损失与准确率' },
  colRows: { en: 'rows', zh: '行数' },
  colLoss: { en: 'loss', zh: '损失' },
  colAccuracy: { en: 'accuracy', zh: '准确率' },

  // ----- confusion matrix -----
  confusion: { en: 'Confusion matrix', zh: '混淆矩阵' },
  confusionPart: { en: 'Rows to count', zh: '统计哪部分数据' },
  confusionTest: { en: 'test rows', zh: '测试集' },
  confusionValidation: { en: 'validation rows', zh: '验证集' },
  confusionTrain: { en: 'training rows', zh: '训练集' },
  confusionCaption: {
    en: 'Rows: true class; columns: predicted class ({n} {part} rows).',
    zh: '行：真实类别；列：预测类别（{part}，共 {n} 行）。',
  },
  confusionCorner: { en: 'true \\ pred.', zh: '真实 \\ 预测' },

  // ----- network diagram -----
  netLabel: { en: 'The network', zh: '网络结构' },
  netInputs: { en: 'inputs', zh: '输入' },
  netOutput: { en: 'output', zh: '输出' },
  netLayer: { en: 'layer {l}', zh: '第 {l} 层' },
  netDescribe: {
    en: 'The network: {inputs} input features ({features}), {hidden}, {outputs}; {params} parameters. '
      + 'Blue links are positive weights, orange negative; thicker is larger.',
    zh: '网络：{inputs} 个输入特征（{features}），{hidden}，{outputs}；共 {params} 个参数。'
      + '蓝色连线是正权重，橙色是负权重，越粗绝对值越大。',
  },
  netHidden: { en: 'hidden layers of {widths} units ({activation})', zh: '隐藏层宽度依次为 {widths}（{activation}）' },
  netNoHidden: { en: 'no hidden layer', zh: '没有隐藏层' },
  netOutputs1: { en: '{n} output', zh: '{n} 个输出' },
  netOutputsN: { en: '{n} outputs', zh: '{n} 个输出' },
  hitInput: { en: 'input {u}', zh: '输入 {u}' },
  hitOutput: { en: 'output {u}', zh: '输出 {u}' },
  hitUnit: { en: 'layer {l} unit {u}', zh: '第 {l} 层第 {u} 个神经元' },
  hitNeuron: {
    en: '{name}: its map is shown in the plot (colours from −{s} to {s})',
    zh: '{name}：它的输出图显示在大图中（颜色范围 −{s} 到 {s}）',
  },
  hitWeight: { en: 'weight from {from} to {to}: {w}', zh: '{from} → {to} 的权重：{w}' },

  // ----- charts -----
  lossChart: { en: 'Loss per epoch', zh: '每轮损失' },
  accChart: { en: 'Accuracy per epoch', zh: '每轮准确率' },
  chartEmpty: { en: '{chart}: no epoch yet', zh: '{chart}：还没有训练' },
  chartAt: { en: '{chart}, at epoch {epoch}: {values}', zh: '{chart}，第 {epoch} 轮：{values}' },
  listSep: { en: ', ', zh: '，' },
  legendEarly: {
    en: '│ best epoch {best} · × stopped after epoch {epoch}{restored}',
    zh: '│ 最佳：第 {best} 轮 · × 第 {epoch} 轮后停止{restored}',
  },
  legendRestored: { en: ' (best weights restored)', zh: '（已恢复最佳权重）' },
  legendDiverged: { en: '× diverged in epoch {epoch} (the loss is not finite)', zh: '× 第 {epoch} 轮发散（损失不是有限数）' },
  legendBestSoFar: { en: '│ best epoch so far: {best}', zh: '│ 目前最佳：第 {best} 轮' },

  // ----- data panel -----
  data: { en: 'Data', zh: '数据' },
  dataset: { en: 'Data set', zh: '数据集' },
  dataSeed: { en: 'Data seed', zh: '数据种子' },
  newPoints: { en: 'New points', zh: '换一批点' },
  newPointsTitle: { en: 'Draw new points (another data seed)', zh: '重新生成数据点（换一个数据种子）' },
  undoPoints: { en: 'Undo my points', zh: '撤销我改动的点' },
  pointsAdded1: { en: '{n} point added', zh: '已添加 {n} 个点' },
  pointsAddedN: { en: '{n} points added', zh: '已添加 {n} 个点' },
  pointsRemoved: { en: '{n} removed', zh: '已删除 {n} 个点' },
  sliderPoints: { en: 'points', zh: '点数' },
  sliderNoise: { en: 'noise (fraction of the radius)', zh: '噪声（占数据半径的比例）' },
  sliderValidation: { en: 'validation share', zh: '验证集比例' },
  sliderTest: { en: 'test share', zh: '测试集比例' },

  // ----- CSV -----
  csvSummary: { en: 'Paste your own data (CSV)', zh: '粘贴自己的数据（CSV）' },
  csvHintBefore: { en: 'One point per line: ', zh: '每行一个点：' },
  csvHintAfter: {
    en: ' (x and y between about −6 and 6; a label is a class number 0, 1, 2, … or a real target for regression). '
      + 'A header line and lines starting with # are skipped.',
    zh: '（x、y 大约在 −6 到 6 之间；label 是类别编号 0、1、2……，回归时是实数目标值）。表头行和以 # 开头的行会被跳过。',
  },
  csvTask: { en: 'Labels are', zh: '标签类型' },
  csvAuto: { en: 'detected', zh: '自动判断' },
  csvClasses: { en: 'classes', zh: '类别' },
  csvTargets: { en: 'real targets', zh: '实数目标值（回归）' },
  csvLoad: { en: 'Load', zh: '载入' },
  csvTooLong: { en: 'The text is too long ({n} characters; at most {max}).', zh: '文本太长（{n} 个字符，最多 {max} 个）。' },
  csvNotLoaded: { en: 'The data could not be loaded.', zh: '数据没能载入。' },
  csvLoaded: { en: 'Loaded {n} rows.', zh: '已载入 {n} 行。' },
  csvSkipped1: { en: ' {n} line skipped:', zh: '跳过了 {n} 行：' },
  csvSkippedN: { en: ' {n} lines skipped:', zh: '跳过了 {n} 行：' },
  csvLine: { en: 'line {line}: {reason}', zh: '第 {line} 行：{reason}' },
  csvMore: { en: '… and {n} more', zh: '……另有 {n} 行' },
  csvPaste: { en: 'Paste x,y,label lines and press Load.', zh: '请粘贴 x,y,label 格式的数据行，再点“载入”。' },

  // ----- model panel -----
  model: { en: 'Model', zh: '模型' },
  features: { en: 'Input features', zh: '输入特征' },
  featuresNeeded: { en: 'The network needs at least one input feature.', zh: '网络至少需要一个输入特征。' },
  hiddenLayers: { en: 'Hidden layers', zh: '隐藏层' },
  addLayer: { en: '+ Layer', zh: '+ 加一层' },
  removeLayer: { en: '− Layer', zh: '− 减一层' },
  layerName: { en: 'layer {n}', zh: '第 {n} 层' },
  fewerUnits: { en: 'Fewer units in layer {n}', zh: '第 {n} 层减少一个神经元' },
  moreUnits: { en: 'More units in layer {n}', zh: '第 {n} 层增加一个神经元' },
  units: { en: 'units', zh: '个神经元' },
  activation: { en: 'Activation', zh: '激活函数' },
  init: { en: 'Initialization', zh: '初始化' },
  weightSeed: { en: 'Weight seed', zh: '权重种子' },
  batchNorm: { en: 'Batch norm', zh: '批归一化' },
  bnNote: {
    en: 'BatchNorm1d after every hidden layer. Training normalizes with each batch\'s mean and variance; the maps, the '
      + 'validation and the test losses use the running averages (inference mode).',
    zh: '每个隐藏层之后接一个 BatchNorm1d。训练时用每个批次的均值和方差做归一化；神经元图、验证损失和测试损失则用'
      + '滑动平均（推理模式）。',
  },
  seedInvalid: { en: '{key} must be a whole number from 0 (it was "{value}").', zh: '{key} 必须是大于等于 0 的整数（输入的是“{value}”）。' },

  // ----- training panel -----
  training: { en: 'Training', zh: '训练' },
  loss: { en: 'Loss', zh: '损失函数' },
  optimizer: { en: 'Optimizer', zh: '优化器' },
  batchPresets: { en: 'Batch size presets', zh: '批大小预设' },
  batchSgdTitle: { en: 'Stochastic gradient descent: one row per update', zh: '随机梯度下降：每次更新只用一行' },
  batch10Title: { en: 'Mini-batches of 10', zh: '每个小批量 10 行' },
  fullBatch: { en: 'full batch', zh: '全批量' },
  fullBatchTitle: { en: 'Batch gradient descent: every training row in each update', zh: '批量梯度下降：每次更新用全部训练行' },
  batchSize: { en: 'batch size', zh: '批大小' },
  batchFull: { en: ' (full batch: {rows} training rows)', zh: '（全批量：{rows} 行训练数据）' },
  batchStochastic: { en: ' (stochastic)', zh: '（随机梯度下降）' },
  batchHint: {
    en: '1 is stochastic gradient descent; the number of training rows or more is batch gradient descent',
    zh: '1 即随机梯度下降；不小于训练行数即批量梯度下降',
  },
  schedule: { en: 'Learning-rate schedule', zh: '学习率调度' },
  scheduleNone: { en: 'none (constant)', zh: '无（恒定学习率）' },
  scheduleJson: { en: 'Schedule settings (JSON)', zh: '调度设置（JSON）' },
  apply: { en: 'Apply', zh: '应用' },
  expected: { en: 'expected {what}', zh: '应为{what}' },
  notApplied: { en: 'not applied', zh: '未应用' },
  regularization: { en: 'Regularization', zh: '正则化' },
  l1Strength: { en: 'L1 strength λ₁', zh: 'L1 强度 λ₁' },
  l2Strength: { en: 'L2 strength λ₂', zh: 'L2 强度 λ₂' },
  strengthOff: { en: 'off (0)', zh: '关（0）' },
  regBias: { en: 'also on biases', zh: '偏置也加惩罚' },
  regPenalty: {
    en: 'The penalty {penalty} is added to the loss, so its gradient ({gradient}) goes through the optimizer like any other.',
    zh: '惩罚项 {penalty} 加在损失上，所以它的梯度（{gradient}）和其他梯度一样经过优化器。',
  },
  regAdamW: {
    en: 'AdamW decays decoupled: w ← w − η·{wd}·w after the Adam step, outside the gradient, so Adam\'s scaling never shrinks it (unlike L2).',
    zh: 'AdamW 的衰减是解耦的：在 Adam 更新之后再做 w ← w − η·{wd}·w，不经过梯度，所以不会被 Adam 的缩放削弱（L2 则会）。',
  },
  regCoupled: {
    en: '{type}\'s weight_decay {wd} is coupled L2: {wd}·w is added to the gradient of every parameter before the update.',
    zh: '{type} 的 weight_decay {wd} 是耦合的 L2：更新前把 {wd}·w 加到每个参数的梯度上。',
  },
  regNone: {
    en: 'No regularization. L1/L2 add a penalty to the loss; AdamW (optimizer) decays the weights separately.',
    zh: '未使用正则化。L1/L2 在损失上加惩罚项；AdamW（优化器）则单独对权重做衰减。',
  },
  sentenceSep: { en: ' ', zh: '' },
  earlyStopping: { en: 'Early stopping', zh: '早停' },
  esWatch: { en: 'Watch', zh: '监控' },
  esValLoss: { en: 'validation loss', zh: '验证损失' },
  esLoss: { en: 'training loss', zh: '训练损失' },
  esRestore: { en: 'restore best weights', zh: '恢复最佳权重' },
  sliderPatience: { en: 'patience (epochs without improvement)', zh: '耐心值 patience（可容忍无改进的轮数）' },
  sliderMinDelta: { en: 'min delta (smallest improvement that counts)', zh: '最小改进量 min_delta（小于它不算改进）' },

  // ----- sliders (shared/slider.js writes these in English; the element relabels them) -----

  // ----- sharing -----
  copyLink: { en: 'Copy link', zh: '复制链接' },
  copyEmbed: { en: 'Copy embed code', zh: '复制嵌入代码' },
  shareBox: { en: 'Link or embed code to copy', zh: '要复制的链接或嵌入代码' },
  linkCopied: { en: 'Link copied.', zh: '链接已复制。' },
  embedCopied: { en: 'Embed code copied.', zh: '嵌入代码已复制。' },
  copyByHand: { en: 'Select the text below and copy it (Ctrl+C).', zh: '请选中下面的文字并复制（Ctrl+C）。' },

  // ----- messages -----
  dismiss: { en: 'Dismiss this message', zh: '关闭这条消息' },
  tooManyPoints: { en: 'At most {n} points can be added.', zh: '最多只能添加 {n} 个点。' },
  typeTarget: { en: 'Type the target value of the new point (a number).', zh: '请输入新点的目标值（一个数）。' },
  noPointNear: { en: 'No point near the cursor.', zh: '光标附近没有数据点。' },
  addedClass: { en: 'Added a point of class {c} at {x}, {y}.', zh: '在 ({x}, {y}) 添加了一个类别 {c} 的点。' },
  addedTarget: { en: 'Added a point of target {v} at {x}, {y}.', zh: '在 ({x}, {y}) 添加了一个目标值为 {v} 的点。' },
  removedPoint: { en: 'Removed the point at {x}, {y}.', zh: '删除了 ({x}, {y}) 处的点。' },
  sayEpoch0: { en: 'Epoch 0.', zh: '第 0 轮。' },
  sayEpoch: { en: 'Epoch {epoch}: training loss {loss}', zh: '第 {epoch} 轮：训练损失 {loss}' },
  sayValLoss: { en: ', validation loss {v}', zh: '，验证损失 {v}' },
  sayTestLoss: { en: ', test loss {v}', zh: '，测试损失 {v}' },
  sayTestAcc: { en: ', test accuracy {v}%', zh: '，测试准确率 {v}%' },
  sayThen: { en: '{text}. {status}', zh: '{text}。{status}' },
  // A message of the core about the config (`lr = -1 is not allowed: expected ...`), kept in English inside.
  configError: { en: '{message}', zh: '配置有误：{message}' },
  csvError: { en: '{message}', zh: 'CSV 数据有误：{message}' },
  configFixed: { en: '{message}; {what}', zh: '{message}；{what}' },
  notAppliedUi: { en: '{message}. The change was not applied.', zh: '{message}。这次改动没有生效。' },
  useDefaultField: { en: 'using the default {name}', zh: '已改用默认的 {name}' },
  useDataset: { en: 'using the {name} data set', zh: '已改用“{label}”数据集' },
  useDefaults: { en: 'using the default settings', zh: '已改用全部默认设置' },
  // A bad attribute or link value (parsed in JS; shared/state.js words the English).
  attrBad: { en: '{message}', zh: '属性 {name}="{raw}" 无效：应为{expected}；{fallback}' },
  linkBad: { en: '{message}', zh: '链接中的 {name}="{raw}" 无效：应为{expected}；{fallback}' },
  attrDefault: { en: 'using the default', zh: '已改用默认值' },
  attrDefaultIs: { en: 'using the default ({value})', zh: '已改用默认值（{value}）' },
  linkProblem: { en: '{message}', zh: '链接有误：{message}' },
  syncTaken: {
    en: 'another element on this page already keeps the URL in step; this one does not',
    zh: '本页已有另一个组件与网址同步，这个组件不再同步网址',
  },
};

/** Display names of the data sets (the select shows these; attributes use the identifiers). */
export const DATASET_LABELS = {
  circle: { en: 'Circle', zh: '圆环' },
  xor: { en: 'Exclusive or', zh: '异或' },
  gauss: { en: 'Two Gaussians', zh: '两个高斯簇' },
  spiral: { en: 'Spiral', zh: '螺旋' },
  moons: { en: 'Moons', zh: '两个月牙' },
  blobs: { en: 'Three blobs (3 classes)', zh: '三个簇（3 类）' },
  spiral3: { en: 'Three-arm spiral (3 classes)', zh: '三臂螺旋（3 类）' },
  line: { en: 'Line t = 2u + 1 (regression)', zh: '直线 t = 2u + 1（回归）' },
  sine: { en: 'Sine (regression)', zh: '正弦（回归）' },
  plane: { en: 'Plane (regression)', zh: '平面（回归）' },
  csv: { en: 'Your data (CSV)', zh: '你的数据（CSV）' },
};

export const LOSS_LABELS = {
  auto: { en: 'auto (cross-entropy / MSE)', zh: '自动（交叉熵/MSE）' },
  cross_entropy: { en: 'cross-entropy', zh: '交叉熵' },
  mse: { en: 'mean squared error', zh: '均方误差（MSE）' },
  l1: { en: 'mean absolute error (L1)', zh: '平均绝对误差（L1）' },
};

export const ACTIVATION_LABELS = {
  relu: 'ReLU',
  leaky_relu: { en: 'leaky ReLU', zh: 'Leaky ReLU' },
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  linear: { en: 'linear', zh: '线性' },
};

/**
 * Chinese labels of the optimizer knobs (surface/runs.js labels them in English, by config key; `betas` by index).
 * The symbol stays, so the label still matches the formulas of the lessons.
 */
export const KNOB_LABELS_ZH = {
  lr: '学习率 η',
  weight_decay: '权重衰减 λ',
  eps: '数值稳定项 ε',
  maximize: '最大化（梯度上升）',
  'betas.0': 'β₁（m 的衰减率）',
  'betas.1': 'β₂（v 的衰减率）',
  bias_correction: '偏差修正',
  amsgrad: 'AMSGrad（取 v 的历史最大值）',
  momentum: '动量 μ',
  dampening: '阻尼 τ',
  nesterov: 'Nesterov 动量',
  lr_decay: '学习率衰减 lr_decay',
  initial_accumulator_value: '累加器初值 G₀',
  alpha: '平滑系数 α',
  centered: '中心化（centered）',
};

/** The label of an optimizer knob in `lang`. */
export function knobLabel(knob, lang) {
  if (lang !== 'zh') return knob.label;
  return KNOB_LABELS_ZH[knob.index === undefined ? knob.key : `${knob.key}.${knob.index}`] ?? knob.label;
}

/** `text` after a Chinese word: a space before it when it starts with a Latin letter, a digit or a sign. */
export function spaced(text) {
  return /^[\x21-\x7e]/.test(text) ? ` ${text}` : text;
}

/**
 * What a shared value kind (shared/state.js `kinds`) expects, in Chinese; the English text when it is not one of
 * the known forms (a new kind shows up in English rather than wrongly).
 */
export function expectedZh(text) {
  const s = String(text);
  let m;
  if ((m = /^a number in \[(.+), (.+)\]$/.exec(s))) return `[${m[1]}, ${m[2]}] 内的数`;
  if ((m = /^a whole number from (\S+) to (\S+)$/.exec(s))) return `${m[1]} 到 ${m[2]} 之间的整数`;
  if ((m = /^one of (.+)$/.exec(s))) return `以下之一：${m[1]}`;
  if (s === 'no value, "true" or "false"') return '不写值，或 "true" / "false"';
  if ((m = /^text of at most (\d+) characters$/.exec(s))) return `至多 ${m[1]} 个字符的文本`;
  return s;
}
