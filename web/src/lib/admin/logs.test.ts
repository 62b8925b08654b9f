import { describe, expect, it } from 'vitest';
import { logsHref, parseLogFilters } from './logs';

const parse = (kind: 'activity' | 'security' | 'email', query: string) => parseLogFilters(kind, new URLSearchParams(query));

describe('the logs filters in the URL', () => {
	it('keeps the names each log knows, well formed', () => {
		expect(parse('activity', 'user_id=4&action=PUT%20/api/v1/me&status=422&from=2026-12-01&page=2&severity=info')).toEqual({
			user_id: '4',
			action: 'PUT /api/v1/me',
			status: '422',
			from: '2026-12-01',
			page: '2'
		});
		expect(parse('email', 'status=failed&recipient=awa@&to=2026-12-03')).toEqual({ status: 'failed', recipient: 'awa@', to: '2026-12-03' });
		expect(parse('security', 'user_id=abc&from=yesterday&page=1&event_type=login_failed')).toEqual({ event_type: 'login_failed' });
	});

	it('writes the page of a kind with its filters', () => {
		expect(logsHref('security', { severity: 'warning', page: '' })).toBe('/admin/logs?kind=security&severity=warning');
	});
});
