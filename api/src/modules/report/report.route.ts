import type { MikroORM } from '@mikro-orm/postgresql';
import type express from 'express';
import type { Env } from '../../config/env';
import { createContext } from '../../context';
import { AppError, langOf, renderMessage } from '../../common/errors';
import { writeAudit } from '../audit/audit.subscriber';
import { type AuthService, tokenOf } from '../auth/auth.service';
import { reportRegion } from '../targets/target.resolver';
import { buildMonthlyReport } from './report.service';
import { monthlyReportWorkbook } from './report.xlsx';

/**
 * GET /report/monthly.xlsx?region=<code>&month=YYYY-MM: the monthly report's workbook, behind the same
 * session as /graphql (cookie or bearer token), within the user's scope, audited (EXPORT) in the same
 * transaction as it is read. Made synchronously: a city workbook is a few hundred cells (bench: well
 * under the 2 s budget), no job needed.
 */
export function mountReportRoutes(app: express.Express, orm: MikroORM, env: Env, auth: AuthService, log: (msg: string) => void): void {
  app.get('/report/monthly.xlsx', async (req, res) => {
    const lang = langOf(req.headers['accept-language'], env.defaultLang);
    const fail = (status: number, e: AppError) => res.status(status).json({ errors: [{ message: renderMessage(e.code, lang, e.field, e.params), extensions: e.extensions }] });
    try {
      const principal = await auth.principalFor(tokenOf(req));
      if (!principal) return fail(401, new AppError('UNAUTHENTICATED'));
      const ctx = createContext(orm.em, lang, principal);
      const month = typeof req.query.month === 'string' ? req.query.month : '';
      const code = typeof req.query.region === 'string' ? req.query.region : (principal.scope ?? '511300000000');
      const buf = await ctx.em.transactional(async (em) => {
        const tx = { ...ctx, em: em as typeof ctx.em };
        const region = await reportRegion(tx, code, 'region');
        const report = await buildMonthlyReport(tx, region, month);
        const file = await monthlyReportWorkbook(report);
        await writeAudit(tx.em, [
          { userId: principal.userId, username: principal.username, action: 'EXPORT', entity: 'MonthlyReport', recordId: `${region.code}:${month}`, regionCode: region.code, before: null, after: { format: 'xlsx', month } },
        ]);
        return { file, name: `${region.name}就业扶贫月报-${month}.xlsx` };
      });
      res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('content-disposition', `attachment; filename="monthly-report-${month}.xlsx"; filename*=UTF-8''${encodeURIComponent(buf.name)}`);
      res.setHeader('cache-control', 'no-store');
      res.send(buf.file);
    } catch (e) {
      if (e instanceof AppError) return fail(e.code === 'NOT_FOUND' ? 404 : 400, e);
      log(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      fail(500, new AppError('INTERNAL_SERVER_ERROR'));
    }
  });
}
