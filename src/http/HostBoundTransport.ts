import { WebSocketTransport, type TransportOptions } from "@colyseus/ws-transport";

/**
 * The WebSocket transport, listening on `host` (HOST) unless the caller names an address:
 * `@colyseus/tools`' `listen` passes only a port, which would bind every interface. `null`: every
 * interface.
 */
export class HostBoundTransport extends WebSocketTransport {
  constructor(
    options: TransportOptions,
    private readonly host: string | null,
  ) {
    super(options);
  }

  override listen(port: number, hostname?: string, backlog?: number, listeningListener?: () => void): this {
    return super.listen(port, hostname ?? this.host ?? undefined, backlog, listeningListener);
  }
}
