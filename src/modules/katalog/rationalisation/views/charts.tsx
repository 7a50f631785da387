import type { ComponentChildren } from 'preact';

/**
 * Server-rendered SVG charts. No script and no inline style (the CSP forbids both): colours are
 * presentation attributes. Each chart is an image with a <title> and <desc> (its accessible name
 * and summary) followed by the same numbers as a table, for screen readers and for copying.
 */

const INK = '#1f2937';
const GRID = '#d1d5db';
export const SERIES_COLOURS = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c'];
/** Coordinates to one decimal: enough for the eye, and short markup. */
const r1 = (n: number) => Math.round(n * 10) / 10;

/** A round upper bound for an axis (1, 2, 5 × 10ⁿ), never below 1. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function ChartFigure(props: { id: string; title: string; desc: string; width: number; height: number; tableLabel: string; table: ComponentChildren; children: ComponentChildren }) {
  return (
    <figure class="chart" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>{props.title}</figcaption>
      <svg role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} viewBox={`0 0 ${props.width} ${props.height}`} width="100%" xmlns="http://www.w3.org/2000/svg">
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.desc}</desc>
        {props.children}
      </svg>
      <details>
        <summary>{props.tableLabel}</summary>
        {props.table}
      </details>
    </figure>
  );
}

export interface Series {
  name: string;
  values: number[];
}

/** A line chart over labelled points (months), one line per series. */
export function LineChart(props: { id: string; title: string; desc: string; tableLabel: string; xHeader: string; labels: string[]; series: Series[]; format: (n: number) => string }) {
  const width = 720;
  const height = 300;
  const m = { left: 56, right: 20, top: 16, bottom: 44 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const max = niceMax(Math.max(0, ...props.series.flatMap((s) => s.values)));
  const n = props.labels.length;
  const x = (i: number) => m.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => m.top + plotH - (v / max) * plotH;
  const step = max <= 5 ? 1 : max / 5;
  const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step);
  const labelEvery = Math.max(1, Math.ceil(n / 12));
  return (
    <ChartFigure
      id={props.id}
      title={props.title}
      desc={props.desc}
      width={width}
      height={height}
      tableLabel={props.tableLabel}
      table={
        <table>
          <caption class="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.xHeader}</th>
              {props.series.map((s) => (
                <th scope="col" key={s.name}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.labels.map((label, i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {props.series.map((s) => (
                  <td key={s.name}>{props.format(s.values[i] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <g aria-hidden="true">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={m.left} x2={width - m.right} y1={r1(y(t))} y2={r1(y(t))} stroke={GRID} strokeWidth={1} />
            <text x={m.left - 8} y={r1(y(t) + 4)} textAnchor="end" fontSize={12} fill={INK}>
              {props.format(t)}
            </text>
          </g>
        ))}
        {props.labels.map((label, i) =>
          i % labelEvery === 0 || i === n - 1 ? (
            <text key={label} x={r1(x(i))} y={height - m.bottom + 18} textAnchor="middle" fontSize={12} fill={INK}>
              {label}
            </text>
          ) : null,
        )}
        <line x1={m.left} x2={width - m.right} y1={y(0)} y2={y(0)} stroke={INK} strokeWidth={1} />
      </g>
      {props.series.map((s, si) => (
        <g key={s.name}>
          <polyline fill="none" stroke={SERIES_COLOURS[si % SERIES_COLOURS.length]} strokeWidth={2.5} points={s.values.map((v, i) => `${r1(x(i))},${r1(y(v))}`).join(' ')} />
          {s.values.map((v, i) => (
            <circle key={i} cx={r1(x(i))} cy={r1(y(v))} r={n > 40 ? 2 : 3.5} fill={SERIES_COLOURS[si % SERIES_COLOURS.length]}>
              <title>{`${s.name}, ${props.labels[i]}: ${props.format(v)}`}</title>
            </circle>
          ))}
        </g>
      ))}
      {props.series.length > 1 ? (
        <g aria-hidden="true">
          {props.series.map((s, si) => (
            <g key={s.name}>
              <rect x={m.left + si * 180} y={height - 16} width={12} height={12} fill={SERIES_COLOURS[si % SERIES_COLOURS.length]} />
              <text x={m.left + si * 180 + 18} y={height - 6} fontSize={12} fill={INK}>
                {s.name}
              </text>
            </g>
          ))}
        </g>
      ) : null}
    </ChartFigure>
  );
}

export interface Bar {
  label: string;
  value: number;
  href?: string;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Horizontal bars, one per labelled value (long labels are clipped in the picture, whole in the table). */
export function BarChart(props: { id: string; title: string; desc: string; tableLabel: string; labelHeader: string; valueHeader: string; bars: Bar[]; format: (n: number) => string }) {
  const rowH = 22;
  const width = 720;
  const m = { left: 300, right: 64, top: 8, bottom: 8 };
  const height = m.top + m.bottom + Math.max(1, props.bars.length) * rowH;
  const max = niceMax(Math.max(0, ...props.bars.map((b) => b.value)));
  const barW = (v: number) => ((width - m.left - m.right) * v) / max;
  return (
    <ChartFigure
      id={props.id}
      title={props.title}
      desc={props.desc}
      width={width}
      height={height}
      tableLabel={props.tableLabel}
      table={
        <table>
          <caption class="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.labelHeader}</th>
              <th scope="col">{props.valueHeader}</th>
            </tr>
          </thead>
          <tbody>
            {props.bars.map((b, i) => (
              <tr key={i}>
                <th scope="row">{b.href ? <a href={b.href}>{b.label}</a> : b.label}</th>
                <td>{props.format(b.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {props.bars.map((b, i) => {
        const top = m.top + i * rowH;
        return (
          <g key={i}>
            <text x={m.left - 8} y={top + 15} textAnchor="end" fontSize={12} fill={INK} aria-hidden="true">
              {clip(b.label, 44)}
            </text>
            <rect x={m.left} y={top + 3} width={r1(Math.max(b.value > 0 ? 1 : 0, barW(b.value)))} height={rowH - 6} fill={SERIES_COLOURS[0]}>
              <title>{`${b.label}: ${props.format(b.value)}`}</title>
            </rect>
            <text x={r1(m.left + barW(b.value) + 6)} y={top + 15} fontSize={12} fill={INK} aria-hidden="true">
              {props.format(b.value)}
            </text>
          </g>
        );
      })}
    </ChartFigure>
  );
}

export interface QuadrantCell {
  functionalFit: number;
  technicalFit: number;
  count: number;
}

/**
 * The TIME quadrant: technical fit across, functional fit up, 1–5 each, split at 3 (high). Scores
 * are whole numbers, so apps with the same pair share a bubble sized by their count.
 */
export function TimeScatter(props: { id: string; title: string; desc: string; tableLabel: string; table: ComponentChildren; cells: QuadrantCell[]; labels: { invest: string; migrate: string; tolerate: string; eliminate: string; functional: string; technical: string } }) {
  const size = 420;
  const m = { left: 56, right: 16, top: 16, bottom: 52 };
  const plot = size - m.left - m.right;
  const plotH = size - m.top - m.bottom;
  const x = (t: number) => m.left + ((t - 0.5) / 5) * plot;
  const y = (f: number) => m.top + plotH - ((f - 0.5) / 5) * plotH;
  const maxCount = Math.max(1, ...props.cells.map((c) => c.count));
  const radius = (count: number) => 6 + 16 * Math.sqrt(count / maxCount);
  const split = { x: x(2.5), y: y(2.5) };
  const quadrants: { label: string; x: number; y: number; fill: string }[] = [
    { label: props.labels.migrate, x: m.left, y: m.top, fill: '#fef3c7' },
    { label: props.labels.invest, x: split.x, y: m.top, fill: '#d1fae5' },
    { label: props.labels.eliminate, x: m.left, y: split.y, fill: '#fee2e2' },
    { label: props.labels.tolerate, x: split.x, y: split.y, fill: '#e0e7ff' },
  ];
  return (
    <ChartFigure id={props.id} title={props.title} desc={props.desc} width={size} height={size} tableLabel={props.tableLabel} table={props.table}>
      <g aria-hidden="true">
        {quadrants.map((q) => (
          <g key={q.label}>
            <rect x={r1(q.x)} y={r1(q.y)} width={r1(q.x === m.left ? split.x - m.left : size - m.right - split.x)} height={r1(q.y === m.top ? split.y - m.top : m.top + plotH - split.y)} fill={q.fill} />
            <text x={r1(q.x + 6)} y={r1(q.y + 16)} fontSize={13} fontWeight="bold" fill={INK}>
              {q.label}
            </text>
          </g>
        ))}
        {[1, 2, 3, 4, 5].map((v) => (
          <g key={v}>
            <text x={r1(x(v))} y={m.top + plotH + 18} textAnchor="middle" fontSize={12} fill={INK}>
              {v}
            </text>
            <text x={m.left - 10} y={r1(y(v) + 4)} textAnchor="end" fontSize={12} fill={INK}>
              {v}
            </text>
          </g>
        ))}
        <text x={m.left + plot / 2} y={size - 10} textAnchor="middle" fontSize={12} fill={INK}>
          {props.labels.technical}
        </text>
        <text x={14} y={m.top + plotH / 2} textAnchor="middle" fontSize={12} fill={INK} transform={`rotate(-90 14 ${m.top + plotH / 2})`}>
          {props.labels.functional}
        </text>
      </g>
      {props.cells.map((c) => (
        <g key={`${c.functionalFit}-${c.technicalFit}`}>
          <circle cx={r1(x(c.technicalFit))} cy={r1(y(c.functionalFit))} r={r1(radius(c.count))} fill={SERIES_COLOURS[0]} fillOpacity={0.85}>
            <title>{`${props.labels.functional} ${c.functionalFit}, ${props.labels.technical} ${c.technicalFit}: ${c.count}`}</title>
          </circle>
          <text x={r1(x(c.technicalFit))} y={r1(y(c.functionalFit) + 4)} textAnchor="middle" fontSize={12} fontWeight="bold" fill="#ffffff" aria-hidden="true">
            {c.count}
          </text>
        </g>
      ))}
    </ChartFigure>
  );
}
