// Types of callouts.js for pipeline/deck/build.ts and the tests.
type Point = [number, number];
type Rect = {x: number; y: number; w: number; h: number};
export function leaderAnchor(
  district: {cx: number; cy: number; ring: Point[]} | {cx: number; cy: number; rings: Point[][]},
  target: Point,
  options: {labels: Rect[]; others: Point[][]; lines: [number, number, number, number][]; pad: number; step: number; grid?: number}
): {p: Point; cost: number};
export function assignCallouts(
  callouts: {cx: number; cy: number; ring: Point[]}[],
  slots: number[],
  colX: number,
  options: {labels: Rect[]; rings: Point[][]; pad: number; step: number}
): {anchor: Point; slot: number}[];
export function pointInRing(point: Point, ring: Point[]): boolean;
