/** JSON-RPC 2.0 error codes (standard range) and Taskmaster's own (1000+). */
export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  LineTooLong: -32001,
  NoSuchUnit: 1001,
  ProtocolMismatch: 1002,
  ShuttingDown: 1003,
  NotFollowable: 1004,
  UnitsDirUnusable: 1005,
  InvalidUnit: 1006,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface RpcErrorBody {
  code: number;
  message: string;
  data?: unknown;
}
