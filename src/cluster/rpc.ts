// Request/response over a cluster IPC channel (a worker's `process`, or the primary's `Worker`).
// Calls carry an id; the answer is a value or an error message. Used for the few things a worker
// asks of its primary (settings writes, traffic totals), never on the redirect path.

export interface Channel {
  send(message: unknown): boolean
  on(event: 'message', listener: (message: unknown) => void): unknown
  off(event: 'message', listener: (message: unknown) => void): unknown
}

interface Call { readonly rpc: 'call', readonly id: number, readonly method: string, readonly params: unknown }
type Reply = { readonly rpc: 'reply', readonly id: number } & ({ readonly value: unknown } | { readonly error: string })

export type Handlers = Readonly<Record<string, (params: never) => Promise<unknown>>>

export interface RpcClient {
  call<T>(method: string, params?: unknown): Promise<T>
  close(): void
}

export function createRpcClient (channel: Channel, timeoutMs = 10_000): RpcClient {
  const pending = new Map<number, { resolve: (value: unknown) => void, reject: (error: Error) => void, timer: NodeJS.Timeout }>()
  let nextId = 1
  const onMessage = (message: unknown): void => {
    if (!isReply(message)) return
    const call = pending.get(message.id)
    if (call === undefined) return
    pending.delete(message.id)
    clearTimeout(call.timer)
    if ('error' in message) call.reject(new Error(message.error))
    else call.resolve(message.value)
  }
  channel.on('message', onMessage)
  return {
    call: async <T>(method: string, params?: unknown) => await new Promise<T>((resolve, reject) => {
      const id = nextId++
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new Error(`${method}: no answer from the primary process in ${timeoutMs} ms`))
      }, timeoutMs)
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer })
      const call: Call = { rpc: 'call', id, method, params }
      channel.send(call)
    }),
    close: () => {
      channel.off('message', onMessage)
      for (const { reject, timer } of pending.values()) {
        clearTimeout(timer)
        reject(new Error('the channel to the primary process closed'))
      }
      pending.clear()
    }
  }
}

/** Answers calls arriving on the channel with the matching handler. */
export function serveRpc (channel: Channel, handlers: Handlers): void {
  channel.on('message', (message) => {
    if (!isCall(message)) return
    const handler = handlers[message.method]
    const answer = handler === undefined
      ? Promise.reject(new Error(`unknown method ${message.method}`))
      : handler(message.params as never)
    answer.then(
      (value) => { channel.send({ rpc: 'reply', id: message.id, value } satisfies Reply) },
      (error: unknown) => { channel.send({ rpc: 'reply', id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies Reply) }
    )
  })
}

function isCall (message: unknown): message is Call {
  return typeof message === 'object' && message !== null && (message as { rpc?: unknown }).rpc === 'call'
}

function isReply (message: unknown): message is Reply {
  return typeof message === 'object' && message !== null && (message as { rpc?: unknown }).rpc === 'reply'
}
