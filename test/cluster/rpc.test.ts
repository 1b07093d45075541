// Calls across a channel pair that behaves like cluster IPC: ordered, asynchronous delivery.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import { createRpcClient, serveRpc, type Channel } from '../../src/cluster/rpc.js'

function channelPair (): [Channel, Channel] {
  const a = new EventEmitter()
  const b = new EventEmitter()
  const end = (self: EventEmitter, peer: EventEmitter): Channel => ({
    send: (message) => { setImmediate(() => peer.emit('message', structuredClone(message))); return true },
    on: (event, listener) => self.on(event, listener),
    off: (event, listener) => self.off(event, listener)
  })
  return [end(a, b), end(b, a)]
}

describe('rpc over a cluster channel', () => {
  it('answers each call with its own handler\'s value, whatever the order of completion', async () => {
    const [worker, primary] = channelPair()
    serveRpc(primary, {
      slow: async ({ n }: { n: number }) => await new Promise((resolve) => setTimeout(() => resolve(n * 2), 20)),
      fast: async ({ n }: { n: number }) => n + 1
    })
    const client = createRpcClient(worker)
    assert.deepEqual(await Promise.all([client.call('slow', { n: 5 }), client.call('fast', { n: 5 })]), [10, 6])
  })

  it('turns a handler\'s failure into a rejected call with its message', async () => {
    const [worker, primary] = channelPair()
    serveRpc(primary, { write: async () => { throw new Error('connection refused') } })
    await assert.rejects(createRpcClient(worker).call('write'), /connection refused/)
  })

  it('rejects a call to a method the other side does not have', async () => {
    const [worker, primary] = channelPair()
    serveRpc(primary, {})
    await assert.rejects(createRpcClient(worker).call('nope'), /unknown method nope/)
  })

  it('rejects a call that gets no answer in time', async () => {
    const [worker] = channelPair()
    await assert.rejects(createRpcClient(worker, 30).call('lost'), /no answer/)
  })

  it('rejects the calls still waiting when the client closes', async () => {
    const [worker] = channelPair()
    const client = createRpcClient(worker)
    const waiting = client.call('lost')
    client.close()
    await assert.rejects(waiting, /closed/)
  })
})
