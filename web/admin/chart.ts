// The traffic chart: requests per second by target over the last minutes, as stacked areas
// (CDN below, origin on top) in an SVG that stretches to its box. Labels live in the HTML around it.
import type { Rates } from './traffic-model.js'

const SVG = 'http://www.w3.org/2000/svg'
const WIDTH = 600
const HEIGHT = 160

export type Point = Rates & { readonly at: number }

/** Draws the points between nowMs - spanMs and nowMs; returns the top of the scale (req/s). */
export function drawChart (svg: SVGSVGElement, points: readonly Point[], nowMs: number, spanMs: number): number {
  const top = niceCeiling(Math.max(1, ...points.map((p) => p.cdn + p.origin)))
  const x = (at: number) => round(((at - (nowMs - spanMs)) / spanMs) * WIDTH)
  const y = (value: number) => round(HEIGHT - (value / top) * HEIGHT)
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`)
  svg.setAttribute('preserveAspectRatio', 'none')
  svg.replaceChildren(
    ...[0.25, 0.5, 0.75].map((share) => shape('path', 'grid', `M0 ${y(top * share)}H${WIDTH}`)),
    ...band(points, x, y, () => 0, (p) => p.cdn, 'cdn'),
    ...band(points, x, y, (p) => p.cdn, (p) => p.cdn + p.origin, 'origin')
  )
  return top
}

/** An area between two curves, and a line along its top. */
function band (points: readonly Point[], x: (at: number) => number, y: (v: number) => number,
  lower: (p: Point) => number, upper: (p: Point) => number, name: string): SVGPathElement[] {
  if (points.length < 2) return []
  const along = points.map((p) => `${x(p.at)} ${y(upper(p))}`)
  const back = [...points].reverse().map((p) => `${x(p.at)} ${y(lower(p))}`)
  return [
    shape('path', `area area-${name}`, `M${along.join('L')}L${back.join('L')}Z`),
    shape('path', `line line-${name}`, `M${along.join('L')}`)
  ]
}

function shape (tag: 'path', className: string, d: string): SVGPathElement {
  const element = document.createElementNS(SVG, tag)
  element.setAttribute('class', className)
  element.setAttribute('d', d)
  return element
}

/** 1, 2, 5, 10, 20, 50… at or above value, so the scale reads in round numbers. */
export function niceCeiling (value: number): number {
  const power = 10 ** Math.floor(Math.log10(value))
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10
  return step * power
}

function round (value: number): number {
  return Math.round(value * 10) / 10
}
