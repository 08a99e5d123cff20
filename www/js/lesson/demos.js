// Small demos inside lesson text, for ideas no widget shows. Each is a <div class="demo" data-demo="NAME"> in the
// lesson source, filled in here. They compute a few lines of arithmetic that the lesson prints as its formula;
// they are teaching sketches, not the library (the widgets run the Rust core).

const DEMOS = { 'momentum-forms': momentumForms };

/** Fill every demo under `root`. */
export function setupDemos(root) {
  for (const el of root.querySelectorAll('.demo[data-demo]')) {
    const make = DEMOS[el.dataset.demo];
    if (make) make(el);
  }
}

const fmt = (v) => (Math.abs(v) < 1e-12 ? '0' : Number(v.toPrecision(4)).toString());

/**
 * The two momentum forms on a steady slope (gradient g = 1 at every step) under a step schedule that multiplies the
 * learning rate by `gamma` at update `drop` + 1:
 *   classic  v_t = mu v_{t-1} + eta_t g,   step v_t
 *   PyTorch  b_t = mu b_{t-1} + g (b_1 = g),   step eta_t b_t
 * Returns one row per update t = 1..steps.
 */
export function momentumRows({ mu, eta0, gamma, drop, steps }) {
  const rows = [];
  let v = 0;
  let b = 0;
  for (let t = 1; t <= steps; t++) {
    const eta = t > drop ? eta0 * gamma : eta0;
    // formula: v_t = mu v_{t-1} + eta_t g
    v = mu * v + eta;
    // formula: b_t = mu b_{t-1} + g (the first step takes g itself)
    b = t === 1 ? 1 : mu * b + 1;
    rows.push({ t, eta, classic: v, pytorch: eta * b });
  }
  return rows;
}

function momentumForms(el) {
  const zh = (el.closest('[lang]')?.lang ?? 'en').startsWith('zh');
  const T = zh
    ? { mu: '动量 μ', gamma: '在第 10 步之后把学习率乘以', t: '第 t 步', eta: 'η<sub>t</sub>', classic: '经典写法的步长 v<sub>t</sub>', torch: 'PyTorch 的步长 η<sub>t</sub>·b<sub>t</sub>', total: '20 步共走了', caption: '坡度恒定（每一步的梯度都是 1），η₀ = 0.1。第 11 步起学习率降低，高亮的行里两种形式的步长不再相同。' }
    : { mu: 'momentum μ', gamma: 'after update 10, multiply the learning rate by', t: 'update t', eta: 'η<sub>t</sub>', classic: 'classic step v<sub>t</sub>', torch: 'PyTorch step η<sub>t</sub>·b<sub>t</sub>', total: 'distance after 20 updates', caption: 'A steady slope (the gradient is 1 at every step), η₀ = 0.1. The rate drops from update 11 on; in the highlighted rows the two forms no longer take the same step.' };
  const state = { mu: Number(el.dataset.mu ?? 0.9), gamma: Number(el.dataset.gamma ?? 0.1) };

  const controls = document.createElement('div');
  controls.className = 'demo-controls';
  const muLabel = document.createElement('label');
  const mu = document.createElement('input');
  mu.type = 'range';
  mu.min = '0';
  mu.max = '0.95';
  mu.step = '0.05';
  mu.value = String(state.mu);
  const muOut = document.createElement('output');
  muLabel.append(T.mu, mu, muOut);
  const gLabel = document.createElement('label');
  const gamma = document.createElement('select');
  for (const g of [1, 0.5, 0.1, 0.01]) gamma.add(new Option(String(g), String(g), false, g === state.gamma));
  gLabel.append(T.gamma, gamma);
  mu.setAttribute('aria-label', T.mu);
  controls.append(muLabel, gLabel);

  const table = document.createElement('table');
  const caption = document.createElement('p');
  caption.className = 'demo-caption';
  caption.textContent = T.caption;
  el.replaceChildren(controls, table, caption);

  const render = () => {
    state.mu = Number(mu.value);
    state.gamma = Number(gamma.value);
    muOut.value = state.mu.toFixed(2);
    mu.setAttribute('aria-valuetext', state.mu.toFixed(2));
    const rows = momentumRows({ mu: state.mu, eta0: 0.1, gamma: state.gamma, drop: 10, steps: 20 });
    const head = `<thead><tr><th scope="col">${T.t}</th><th scope="col">${T.eta}</th><th scope="col">${T.classic}</th><th scope="col">${T.torch}</th></tr></thead>`;
    const shown = rows.filter((r) => r.t <= 2 || (r.t >= 9 && r.t <= 16) || r.t === 20);
    let bodyHtml = '';
    let prev = 0;
    for (const r of shown) {
      if (r.t - prev > 1) bodyHtml += '<tr><td>⋮</td><td></td><td></td><td></td></tr>';
      prev = r.t;
      const differ = Math.abs(r.classic - r.pytorch) > 1e-12 * Math.max(1, r.classic);
      bodyHtml += `<tr class="${r.t === 11 ? 'drop' : ''}"><td>${r.t}</td><td>${fmt(r.eta)}</td><td class="${differ ? 'diff' : ''}">${fmt(r.classic)}</td><td class="${differ ? 'diff' : ''}">${fmt(r.pytorch)}</td></tr>`;
    }
    const sum = (k) => rows.reduce((s, r) => s + r[k], 0);
    bodyHtml += `<tr><th scope="row" colspan="2">${T.total}</th><td>${fmt(sum('classic'))}</td><td>${fmt(sum('pytorch'))}</td></tr>`;
    // Built from fixed words (with <sub> markup) and numbers only.
    table.innerHTML = `${head}<tbody>${bodyHtml}</tbody>`;
  };
  mu.addEventListener('input', render);
  gamma.addEventListener('change', render);
  render();
}
