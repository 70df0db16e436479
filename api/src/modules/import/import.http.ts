import busboy from 'busboy';
import ExcelJS from 'exceljs';
import type express from 'express';
import { AppError, type Lang, langOf, renderMessage } from '../../common/errors';
import { mayAccess, type Principal } from '../auth/access';
import type { AuthService } from '../auth/auth.service';
import { tokenOf } from '../auth/auth.service';
import { DATASETS, type ImportDataset } from './import.datasets';
import type { ExportService } from './export.service';
import type { ImportService } from './import.service';
import { openWorkbook } from './xlsx';

/**
 * The file endpoints beside /graphql (see docs/import-api.md): upload (multipart, busboy, bounded),
 * templates, the error workbook of a batch, export files. Same session as GraphQL (cookie or Bearer);
 * every POST needs a custom header a cross-site form cannot send (CSRF).
 */

export interface ImportHttpDeps {
  auth: AuthService;
  imports: ImportService;
  exports: ExportService;
  defaultLang: Lang;
  maxFileBytes: number;
}

function send(res: express.Response, status: number, e: AppError, lang: Lang): void {
  if (res.headersSent) return;
  res.status(status).json({ errors: [{ message: renderMessage(e.code, lang, e.field, e.params), extensions: e.extensions }] });
}

/** `Content-Disposition` for a Chinese file name (RFC 5987, with an ASCII fallback). */
function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function importRoutes(app: express.Express, d: ImportHttpDeps): void {
  const lang = (req: express.Request) => langOf(req.headers['accept-language'], d.defaultLang);
  const principal = async (req: express.Request): Promise<Principal> => {
    const p = await d.auth.principalFor(tokenOf(req));
    if (!p) throw Object.assign(new AppError('UNAUTHENTICATED'), { status: 401 });
    return p;
  };
  const handle =
    (fn: (req: express.Request, res: express.Response) => Promise<void>) =>
    async (req: express.Request, res: express.Response): Promise<void> => {
      try {
        await fn(req, res);
      } catch (e) {
        if (e instanceof AppError) {
          const status = (e as { status?: number }).status ?? (e.code === 'NOT_FOUND' ? 404 : e.code === 'FORBIDDEN' ? 403 : e.code === 'UNAUTHENTICATED' ? 401 : 400);
          send(res, status, e, lang(req));
        } else {
          console.error('[hub] file endpoint failed', e);
          send(res, 500, new AppError('INTERNAL_SERVER_ERROR'), lang(req));
        }
      }
    };

  app.post(
    '/api/import',
    handle(async (req, res) => {
      if (req.headers['x-hub-csrf'] === undefined && req.headers['apollo-require-preflight'] === undefined) throw Object.assign(new AppError('CSRF_REQUIRED'), { status: 403 });
      const p = await principal(req);
      if (!mayAccess(p, 'WRITE')) throw Object.assign(new AppError('FORBIDDEN'), { status: 403 });
      if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) throw new AppError('IMPORT_FILE_TYPE');
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > d.maxFileBytes + 64 * 1024) throw Object.assign(new AppError('IMPORT_FILE_TOO_LARGE', undefined, { max: d.maxFileBytes }), { status: 413 });
      const upload = await new Promise<{ dataset?: string; name?: string; content?: Buffer }>((resolve, reject) => {
        const fields: { dataset?: string; name?: string; content?: Buffer } = {};
        let bb: busboy.Busboy;
        try {
          bb = busboy({ headers: req.headers, limits: { fileSize: d.maxFileBytes, files: 1, fields: 10, fieldSize: 64 * 1024 }, defParamCharset: 'utf8' });
        } catch {
          reject(new AppError('IMPORT_FILE_TYPE'));
          return;
        }
        let tooLarge = false;
        bb.on('field', (name, value) => {
          if (name === 'dataset') fields.dataset = value;
        });
        bb.on('file', (_name, stream, info) => {
          const chunks: Buffer[] = [];
          fields.name = info.filename || 'upload';
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('limit', () => {
            tooLarge = true;
            stream.resume();
          });
          stream.on('end', () => {
            if (!tooLarge) fields.content = Buffer.concat(chunks);
          });
        });
        bb.on('error', () => reject(new AppError('IMPORT_BAD_FILE', undefined, { detail: 'CORRUPT' })));
        bb.on('close', () => (tooLarge ? reject(Object.assign(new AppError('IMPORT_FILE_TOO_LARGE', undefined, { max: d.maxFileBytes }), { status: 413 })) : resolve(fields)));
        req.pipe(bb);
      });
      if (!upload.dataset || !(upload.dataset in DATASETS)) throw new AppError('VALIDATION_FAILED', 'dataset');
      if (!upload.content?.length) throw new AppError('REQUIRED', 'file');
      if (!/\.(xlsx|csv|txt)$/i.test(upload.name ?? '')) throw new AppError('IMPORT_FILE_TYPE');
      const id = await d.imports.upload(p, upload.dataset as ImportDataset, upload.name!, upload.content);
      res.status(201).json({ batchId: String(id) });
    }),
  );

  app.get(
    '/api/import/templates/:file',
    handle(async (req, res) => {
      const p = await principal(req);
      const m = /^([A-Z_]+)\.xlsx$/.exec(String(req.params.file));
      if (!m || !(m[1] in DATASETS)) throw new AppError('NOT_FOUND', 'dataset');
      const def = DATASETS[m[1] as ImportDataset];
      let filter: Record<string, unknown> | null = null;
      if (typeof req.query.filter === 'string' && req.query.filter) {
        try {
          filter = JSON.parse(req.query.filter);
        } catch {
          throw new AppError('VALIDATION_FAILED', 'filter');
        }
      }
      if (filter) {
        // Pre-filled with the current records: an export of the list (same checks before the file starts, audited).
        if (!mayAccess(p, 'READ')) throw Object.assign(new AppError('FORBIDDEN'), { status: 403 });
        await d.exports.check(p, def.type, filter);
      }
      res.setHeader('content-type', XLSX);
      res.setHeader('content-disposition', attachment(`${def.label}导入模板.xlsx`));
      if (filter) {
        await d.exports.writeDataset(res, p, def.type, filter);
      } else {
        const wb = openWorkbook(res, { def, villages: await d.exports.villagesOf(p) });
        await wb.finish();
      }
    }),
  );

  app.get(
    '/api/import/batches/:id/errors.xlsx',
    handle(async (req, res) => {
      const p = await principal(req);
      const id = Number(req.params.id);
      const b = Number.isSafeInteger(id) ? await d.imports.batch(id) : null;
      if (!b || (b.user_id !== p.userId && p.role !== 'CITY_ADMIN') || !b.headers?.length) throw new AppError('NOT_FOUND', 'id');
      res.setHeader('content-type', XLSX);
      res.setHeader('content-disposition', attachment(`${b.file_name.replace(/\.[^.]+$/, '')}_错误说明.xlsx`));
      await d.imports.writeErrorWorkbook(res, b);
    }),
  );

  app.get(
    '/api/export/:file',
    handle(async (req, res) => {
      const p = await principal(req);
      const m = /^(\d+)\.xlsx$/.exec(String(req.params.file));
      const f = m ? await d.exports.file(Number(m[1])) : null;
      if (!f || (f.userId !== p.userId && p.role !== 'CITY_ADMIN')) throw new AppError('NOT_FOUND', 'id');
      if (f.status !== 'DONE') throw Object.assign(new AppError('CONFLICT', 'id'), { status: 409 });
      res.setHeader('content-type', XLSX);
      res.setHeader('content-disposition', attachment(f.name));
      if (f.bytes !== null) res.setHeader('content-length', String(f.bytes));
      try {
        await d.exports.writeFile(Number(m![1]), res);
      } catch (e) {
        // Part of the file is sent already: end the connection so the client sees a broken download, not a short file.
        res.destroy();
        throw e;
      }
      res.end();
    }),
  );
}

/** The refused rows as uploaded, with an 错误说明 column and the bad cells filled red (with the message as a note). */
export async function writeErrorRows(out: NodeJS.WritableStream, headers: string[], rows: AsyncIterable<{ raw: unknown[]; errors: { column?: string; message: string }[]; row_number: number }>): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as never, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('错误说明', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [...headers.map((h) => ({ header: h, width: Math.max(10, Math.min(30, [...h].length * 2 + 4)), style: { numFmt: '@' } })), { header: '原行号', width: 8 }, { header: '错误说明', width: 60 }];
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  for await (const r of rows) {
    const row = ws.addRow([...headers.map((_, i) => (r.raw[i] === null || r.raw[i] === undefined ? null : String(r.raw[i]))), r.row_number, r.errors.map((e) => (e.column ? `${e.column}：${e.message}` : e.message)).join('；')]);
    for (const e of r.errors) {
      const i = e.column ? headers.indexOf(e.column) : -1;
      if (i < 0) continue;
      const cell = row.getCell(i + 1);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
      cell.note = e.message;
    }
    row.commit();
  }
  ws.commit();
  await wb.commit();
}
