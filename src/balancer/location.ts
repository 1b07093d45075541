// Builds the Location a viewer is sent to: the origin URL itself, or the same path on the CDN
// with the server label as its first segment.
import type { Target } from './split.js'
import type { VideoUrl } from './video-url.js'

export function buildLocation (url: VideoUrl, target: Target, cdnHost: string): string {
  return target === 'origin'
    ? url.scheme + '://' + url.authority + url.rest
    : url.scheme + '://' + cdnHost + '/' + url.label + url.rest
}
