// <keyfleet-chart>: a Chart.js chart in light DOM. The server sets `config` (Chart.js configuration as JSON);
// `options.kfTimeAxis` marks an x axis in epoch milliseconds, labelled here as UTC dates (no date adapter needed).
import Chart from 'chart.js/auto';

function utcLabel(ms, withDate) {
  const iso = new Date(ms).toISOString();
  return withDate ? iso.slice(5, 10) + ' ' + iso.slice(11, 16) : iso.slice(11, 16);
}

function bitsLabel(v) {
  const a = Math.abs(v);
  if (a >= 1e9) return (v / 1e9).toFixed(a >= 1e10 ? 0 : 1) + ' Gbit';
  if (a >= 1e6) return (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + ' Mbit';
  if (a >= 1e3) return (v / 1e3).toFixed(a >= 1e4 ? 0 : 1) + ' kbit';
  return v + ' bit';
}

class KeyfleetChart extends HTMLElement {
  connectedCallback() {
    if (!this._canvas) {
      this.style.display = 'block';
      this.style.position = 'relative';
      this._canvas = document.createElement('canvas');
      this.appendChild(this._canvas);
    }
    this._draw();
  }

  disconnectedCallback() {
    if (this._chart) {
      this._chart.destroy();
      this._chart = null;
    }
  }

  set config(v) {
    this._config = v ? JSON.parse(v) : null;
    this._draw();
  }

  /** For tests: dataset labels and their point counts. */
  get summary() {
    return this._chart ? this._chart.data.datasets.map(d => ({ label: d.label, points: d.data.length })) : [];
  }

  _draw() {
    if (!this._canvas || !this._config) return;
    const cfg = this._config;
    cfg.options = cfg.options || {};
    cfg.options.maintainAspectRatio = false;
    cfg.options.animation = false;
    const scales = cfg.options.scales = cfg.options.scales || {};
    if (cfg.options.kfTimeAxis) {
      const x = scales.x = scales.x || {};
      x.type = 'linear';
      const span = cfg.options.kfTimeAxis.span || 0;
      x.ticks = { ...(x.ticks || {}), callback: v => utcLabel(v, span > 86400000), maxTicksLimit: 10 };
      cfg.options.plugins = cfg.options.plugins || {};
      cfg.options.plugins.tooltip = { callbacks: { title: items => items.length ? new Date(items[0].parsed.x).toISOString() : '' } };
    }
    if (cfg.options.kfBitsAxis) {
      const y = scales[cfg.options.kfBitsAxis] = scales[cfg.options.kfBitsAxis] || {};
      y.ticks = { ...(y.ticks || {}), callback: v => bitsLabel(v) };
    }
    if (this._chart) {
      this._chart.destroy();
    }
    this._chart = new Chart(this._canvas, cfg);
  }
}

customElements.define('keyfleet-chart', KeyfleetChart);
