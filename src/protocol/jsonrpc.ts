import * as z from './zod.js';
import type { RpcErrorBody } from './errors.js';

export const RequestIdSchema = z.union([z.number(), z.string()]);
export type RequestId = z.infer<typeof RequestIdSchema>;

export const RequestSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: RequestIdSchema,
  method: z.string(),
  params: z.optional(z.unknown()),
});
export type Request = z.infer<typeof RequestSchema>;

export interface SuccessResponse<R = unknown> {
  jsonrpc: '2.0';
  id: RequestId;
  result: R;
}
export interface ErrorResponse {
  jsonrpc: '2.0';
  id: RequestId | null;
  error: RpcErrorBody;
}
export type Response<R = unknown> = SuccessResponse<R> | ErrorResponse;

export interface Notification<P = unknown> {
  jsonrpc: '2.0';
  method: string;
  params: P;
}

export function errorResponse(id: RequestId | null, code: number, message: string, data?: unknown): ErrorResponse {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } };
}

export function successResponse<R>(id: RequestId, result: R): SuccessResponse<R> {
  return { jsonrpc: '2.0', id, result };
}

export function notification<P>(method: string, params: P): Notification<P> {
  return { jsonrpc: '2.0', method, params };
}
