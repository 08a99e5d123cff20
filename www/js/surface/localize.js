// Chinese for the messages that reach <descent-surface> and <descent-schedule> in English: the WASM core's errors
// and stop reasons and the attribute messages of shared/state.js (the shared slider's and chart's words come from
// shared/i18n.js). Used only on Chinese pages (languageOf(el) === 'zh'); English pages never call these, so their
// text stays exactly as it was.
//
// The core's detail ("optimizer.lr = -1 is not allowed: expected a number in (0, 1000]") stays in English: it names
// config fields and values that a reader types as they are. It gets a Chinese lead-in ("配置有误：") so a student
// sees what kind of problem it is. Messages the JS writes itself from a known pattern are translated whole.

import { sliderWords } from '../shared/i18n.js';

/** Chinese for the "expected ..." part of an attribute message (shared/state.js kinds, props.js, runs.js). */
export function zhExpected(text) {
  const s = String(text);
  let m;
  if ((m = /^(.*) \(this is not valid JSON\)$/s.exec(s))) return `${zhExpected(m[1])}（这不是有效的 JSON）`;
  if ((m = /^(.*) of at most (\d+) characters$/s.exec(s)) && m[1].includes('JSON')) return `${zhExpected(m[1])}，且不超过 ${m[2]} 个字符`;
  if ((m = /^a whole number from (\S+) to (\S+)$/.exec(s))) return `${m[1]} 到 ${m[2]} 之间的整数`;
  if ((m = /^a number in (\[.*\])$/.exec(s))) return `${m[1]} 范围内的数`;
  if ((m = /^one of (".*")$/s.exec(s))) return `以下之一：${m[1].split(', ').join('、')}`;
  if (s === 'no value, "true" or "false"') return '不带值，或 "true"、"false"';
  if ((m = /^text of at most (\d+) characters$/.exec(s))) return `不超过 ${m[1]} 个字符的文本`;
  if ((m = /^(\d+) comma-separated numbers$/.exec(s))) return `${m[1]} 个用逗号分隔的数`;
  if ((m = /^a JSON array of 1 to (\d+) runs such as (.*)$/s.exec(s))) return `含 1 到 ${m[1]} 条轨迹配置的 JSON 数组，例如 ${m[2]}`;
  if ((m = /^each run must be an object such as (.*)$/s.exec(s))) return `对象形式的轨迹配置，例如 ${m[1]}`;
  if ((m = /^each run needs "type": one of (.*)$/s.exec(s))) return `带 "type" 的轨迹配置（type 取 ${m[1]} 之一）`;
  if ((m = /^four numbers x_min,x_max,y_min,y_max with x_min < x_max and y_min < y_max \(each within ±1e6\)$/.exec(s))) {
    return '四个数 x_min,x_max,y_min,y_max，且 x_min < x_max、y_min < y_max（每个数都在 ±1e6 以内）';
  }
  if (s === 'two numbers x,y (each within ±1e6)') return '两个数 x,y（每个数都在 ±1e6 以内）';
  if ((m = /^one of (.*), or a JSON surface config such as (.*)$/s.exec(s))) return `${m[1]} 之一，或 JSON 曲面配置，例如 ${m[2]}`;
  return s;
}

/** `text` with a space in front when it starts with a Latin letter, digit or bracket (Chinese typesetting). */
export function spaced(text) {
  return /^[\w"'[{(+−-]/.test(text) ? ` ${text}` : text;
}

/**
 * An attribute message of shared/state.js in Chinese:
 * `steps="abc" is not allowed: expected a whole number from 1 to 5000; using the default (300)`
 * → `属性 steps="abc" 无效：应为 1 到 5000 之间的整数；已改用默认值 300`. Other text gets a lead-in.
 */
export function zhAttributeMessage(message) {
  const m = /^(in the link: )?([\w-]+)="(.*)" is not allowed: expected (.*); using the default(?: \((.*)\))?$/s.exec(message);
  if (m) {
    const [, link, name, raw, expected, fallback] = m;
    const what = link ? `链接中的 ${name}="${raw}"` : `属性 ${name}="${raw}"`;
    return `${what} 无效：应为${spaced(zhExpected(expected))}；已改用默认值${fallback === undefined ? '' : ` ${fallback}`}`;
  }
  const hash = /^the link has a badly encoded field "(.*)"; it was ignored$/s.exec(message);
  if (hash) return `链接中的字段 "${hash[1]}" 编码有误，已忽略`;
  return `设置有误：${message}`;
}

/** What a run falls back to after a core error (runs.js dropField), in Chinese. */
function zhFallback(what) {
  let m;
  if (what === 'using the default learning rate') return '已改用默认学习率';
  if (what === 'running without the schedule') return '改为不使用学习率调度';
  if (what === 'using the default') return '已改用默认值';
  if ((m = /^using the default (\S+)$/.exec(what))) return `已改用 ${m[1]} 的默认值`;
  return null;
}

/**
 * A core error (`optimizer.betas[1] = 1.5 is not allowed: expected ...`), possibly followed by what the element did
 * about it (`; using the default betas`): a Chinese lead-in, the English detail, the consequence in Chinese.
 */
export function zhCoreMessage(message, lead = '配置有误：') {
  const text = String(message);
  const cut = text.lastIndexOf('; ');
  if (cut > 0) {
    const fallback = zhFallback(text.slice(cut + 2));
    if (fallback) return `${lead}${text.slice(0, cut)}；${fallback}`;
  }
  return `${lead}${text}`;
}

/** The error of a typed function f(x, y) (the core's `expected a formula in x and y (... at column N)`). */
export function zhExpressionError(message) {
  const m = /expected a formula in x and y \((.*) at column (\d+)\)$/s.exec(String(message));
  if (m) return `无法解析这个函数（第 ${m[2]} 个字符处）：${m[1]}`;
  return zhCoreMessage(String(message).replace(/^surface\.expression = /, ''), '函数表达式有误：');
}

/** Why a simulated run stopped (src/simulate.rs), in Chinese; the numbers are kept as the core wrote them. */
export function zhStopReason(reason) {
  const text = String(reason);
  let m;
  if ((m = /^the loss is not finite at the start point (\(.*\))$/.exec(text))) return `起点 ${m[1]} 处的损失不是有限值`;
  if ((m = /^diverged at step (\d+): (.*)$/s.exec(text))) {
    const [, step, rest] = m;
    let what = rest;
    let g;
    if ((g = /^the gradient is not finite at (\(.*\))$/.exec(rest))) what = `梯度在 ${g[1]} 处不是有限值`;
    else if ((g = /^(.*) \(lr = (.*)\)$/.exec(rest))) {
      const words = {
        'the parameters overflowed': '参数溢出',
        'the parameters left the plane (|θ| > 1e100)': '参数跑出了平面（|θ| > 1e100）',
        'the loss overflowed': '损失溢出',
      };
      what = `${words[g[1]] ?? g[1]}（lr = ${g[2]}）`;
    }
    return `第 ${step} 步发散：${what}`;
  }
  return `已停止：${text}`;
}

/** Name a slider's text box in Chinese, "<label>（输入数值）", when its visible label is more than the one it was made with. */
export function localizeSlider(slider, label) {
  slider.text.setAttribute('aria-label', `${label}${sliderWords('zh').typeLabel}`);
  return slider;
}
