/**
 * The request path's side of the metrics: label sets found by nested map lookups (`childrenBy`),
 * counter cells added to their prom-client counter when Prometheus scrapes (`flushCounts`), and a
 * histogram whose series are plain cells (`SeriesHistogram`), registered in a prom-client registry
 * and rendered by it exactly as a prom-client `Histogram` with the same name, help, buckets and
 * label sets would be. A request's counting then allocates nothing once its label sets have been
 * seen, where prom-client hashes and validates the label set on every `inc` and `observe`.
 */
import type { Counter, Metric, Registry } from 'prom-client';

/** A value as prom-client's histograms hand it to their registry (`labels` and `sharedLabels` are the series'). */
interface ExposedValue {
  labels: Record<string, string | number>;
  sharedLabels?: Record<string, string>;
  value: number;
  metricName: string;
  exemplar?: null;
}

/** What prom-client's registry reads of a metric (its `get` and `getForPromString`). */
interface Exposed {
  name: string;
  help: string;
  type: 'histogram';
  values: ExposedValue[];
  aggregator: 'sum';
}

type Key = string | number;

/** Children by their label values in nested maps, each made by `make` the first time its values are seen. */
export function childrenBy<T, A extends Key>(depth: 1, make: (a: A) => T): (a: A) => T;
export function childrenBy<T, A extends Key, B extends Key>(depth: 2, make: (a: A, b: B) => T): (a: A, b: B) => T;
export function childrenBy<T, A extends Key, B extends Key, C extends Key>(depth: 3, make: (a: A, b: B, c: C) => T): (a: A, b: B, c: C) => T;
export function childrenBy<T>(depth: 1 | 2 | 3, make: (...values: Key[]) => T): (...values: Key[]) => T {
  // written out per depth: a lookup of a label set seen before allocates nothing (no closures, no key strings)
  if (depth === 1) {
    const children = new Map<Key, T>();
    return (a: Key) => {
      let child = children.get(a);
      if (child === undefined) children.set(a, (child = make(a)));
      return child;
    };
  }
  if (depth === 2) {
    const children = new Map<Key, Map<Key, T>>();
    return (a: Key, b: Key) => {
      let inner = children.get(a);
      if (inner === undefined) children.set(a, (inner = new Map()));
      let child = inner.get(b);
      if (child === undefined) inner.set(b, (child = make(a, b)));
      return child;
    };
  }
  const children = new Map<Key, Map<Key, Map<Key, T>>>();
  return (a: Key, b: Key, c: Key) => {
    let middle = children.get(a);
    if (middle === undefined) children.set(a, (middle = new Map()));
    let inner = middle.get(b);
    if (inner === undefined) middle.set(b, (inner = new Map()));
    let child = inner.get(c);
    if (child === undefined) inner.set(c, (child = make(a, b, c)));
    return child;
  };
}

/** A counter's label set and what it has counted since the last scrape. */
export interface CountCell {
  readonly labels: Record<string, string>;
  pending: number;
}

/** Adds what each cell counted since the last scrape to `counter` (called from its `collect`). */
export function flushCounts(counter: Counter<string>, cells: readonly CountCell[]): void {
  for (const cell of cells) {
    if (cell.pending <= 0) continue;
    counter.inc(cell.labels, cell.pending);
    cell.pending = 0;
  }
}

/** One label set of a `SeriesHistogram`. */
export interface HistogramSeries {
  /** Counts one value (a value that is not a finite number is ignored). */
  observe(value: number): void;
}

interface Cell extends HistogramSeries {
  readonly labels: Record<string, string>;
  /** Per bucket, not cumulative. */
  readonly counts: number[];
  sum: number;
  count: number;
  listed: boolean;
}

/** Options of a `SeriesHistogram`. */
export interface SeriesHistogramOptions {
  name: string;
  help: string;
  /** Upper bounds, ascending. */
  buckets: readonly number[];
  registry: Registry;
}

/** A histogram rendered by prom-client's registry, observed through its series' cells. */
export class SeriesHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  private readonly bounds: readonly number[];
  /** The series observed at least once, in the order of their first value (prom-client's order). */
  private listed: Cell[] = [];

  constructor(options: SeriesHistogramOptions) {
    this.name = options.name;
    this.help = options.help;
    this.bounds = [...options.buckets];
    options.registry.registerMetric(this as unknown as Metric);
  }

  /** The series of a label set (keep it: each call makes a new one). */
  series(labels: Record<string, string>): HistogramSeries {
    const bounds = this.bounds;
    const listed = () => this.listed;
    const cell: Cell = {
      labels,
      counts: bounds.map(() => 0),
      sum: 0,
      count: 0,
      listed: false,
      observe(value) {
        if (!Number.isFinite(value)) return;
        if (!cell.listed) {
          cell.listed = true;
          listed().push(cell);
        }
        let bucket = 0;
        while (bucket < bounds.length && value > bounds[bucket]) bucket++;
        if (bucket < bounds.length) cell.counts[bucket]++;
        cell.sum += value;
        cell.count++;
      },
    };
    return cell;
  }

  /** The values as prom-client's histogram has them for its text format: the series' labels as shared labels. */
  getForPromString(): Exposed {
    const values: ExposedValue[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const cell of this.listed) {
      let cumulative = 0;
      const shared = cell.labels;
      this.bounds.forEach((bound, index) => {
        cumulative += cell.counts[index];
        values.push({ labels: { le: bound }, sharedLabels: shared, value: cumulative, metricName: bucketName, exemplar: null });
      });
      values.push({ labels: { le: '+Inf' }, sharedLabels: shared, value: cell.count, metricName: bucketName, exemplar: null });
      values.push({ labels: {}, sharedLabels: shared, value: cell.sum, metricName: `${this.name}_sum` });
      values.push({ labels: {}, sharedLabels: shared, value: cell.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** The values with each series' labels in every value's own (prom-client's `get`, for JSON). */
  get(): Exposed {
    const data = this.getForPromString();
    data.values = data.values.map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } }));
    return data;
  }

  /** Forgets every value (prom-client's `reset`, as `Registry.resetMetrics` calls it). */
  reset(): void {
    for (const cell of this.listed) {
      cell.listed = false;
      cell.counts.fill(0);
      cell.sum = 0;
      cell.count = 0;
    }
    this.listed = [];
  }
}
