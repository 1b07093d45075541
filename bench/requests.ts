// The URL mix every server is driven with: valid video URLs spread over the origin servers (half
// raw as players send them, half percent-encoded with a query string, so decoding is exercised),
// with the chosen share of refused ones spread evenly between them.
export const ORIGIN_DOMAIN = 'origin-cluster'
export const CDN_HOST = 'cdn.example.com'
/** The ratio the servers are started with, and the origin share it should produce. */
export const RATIO = '9:1'
export const EXPECTED_ORIGIN_SHARE = 0.1

const SEQUENCE_LENGTH = 100

// A foreign host, a look-alike host, a missing argument: the refusals a scanner would send.
const INVALID = [
  '/?video=http://evil.com/video/1.m3u8',
  `/?video=http://s1.${ORIGIN_DOMAIN}.evil.com/video/1.m3u8`,
  '/?t=1'
]

export function buildPaths (invalidShare: number, servers: number): string[] {
  const invalidCount = Math.round(invalidShare * SEQUENCE_LENGTH)
  const paths: string[] = []
  for (let i = 0; i < SEQUENCE_LENGTH; i++) {
    // Request i is invalid when the running count of invalid ones steps up: evenly spread.
    const invalid = Math.floor(((i + 1) * invalidCount) / SEQUENCE_LENGTH) > Math.floor((i * invalidCount) / SEQUENCE_LENGTH)
    paths.push(invalid ? INVALID[i % INVALID.length] ?? '/' : validPath(i, servers))
  }
  return paths
}

function validPath (i: number, servers: number): string {
  const url = `http://s${(i % servers) + 1}.${ORIGIN_DOMAIN}/video/${1000 + i}/xcg2djHckad.m3u8`
  return i % 2 === 0 ? `/?video=${url}` : `/?video=${encodeURIComponent(`${url}?token=abc${i}&x=1`)}`
}
