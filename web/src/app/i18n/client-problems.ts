import type { Problem } from '../core/api.models';

/**
 * Problems produced on the client when the server gave no problem+json body.
 * Same convention as the API: `title` is Vietnamese, `detail` is English.
 */
export const CLIENT_PROBLEMS = {
  network: {
    code: 'client.network',
    status: 0,
    title: 'Không kết nối được máy chủ. Vui lòng thử lại.',
    detail: 'Cannot reach the server. Please try again.',
  },
  unknown: {
    code: 'client.unknown',
    status: 500,
    title: 'Đã có lỗi xảy ra. Vui lòng thử lại.',
    detail: 'Something went wrong. Please try again.',
  },
} satisfies Record<string, Problem>;
