import type Database from 'better-sqlite3';
import type { Application, DocKind, DocumentSummary } from '../../../shared/domain/application';
import type { PdfInfo } from '../pdf/inspectPdf';

export interface NewBlob {
  sha256: string;
  bytes: number;
  info: PdfInfo;
  password: string | null;
  storedAt: string;
}

export interface NewApplication {
  id: string;
  roundId: string;
  city: string | null;
  province: string | null;
  applicant: string | null;
  createdAt: string;
  documents: { sha256: string; name: string; kind: DocKind }[];
}

interface DocumentRow extends Omit<DocumentSummary, 'encryption' | 'textStatus'> {
  applicationId: string;
  encryption: DocumentSummary['encryption'];
  textStatus: DocumentSummary['textStatus'];
}

/** SQL for applications, their documents and the stored PDFs behind them. */
export function createApplicationRepository(db: Database.Database) {
  const insertBlob = db.prepare(
    `INSERT OR IGNORE INTO blob (sha256, bytes, pages, pdf_version, title, author, subject, keywords, creator, producer,
       pdf_created, encryption, password, stored_at)
     VALUES (@sha256, @bytes, @pages, @pdfVersion, @title, @author, @subject, @keywords, @creator, @producer,
       @createdAt, @encryption, @password, @storedAt)`,
  );
  // A password given later for an already stored file is kept: the reader needs one that works.
  const updatePassword = db.prepare(`UPDATE blob SET password = ? WHERE sha256 = ? AND password IS NULL`);
  const insertApplication = db.prepare(
    `INSERT INTO application (id, round_id, city, province, applicant, created_at)
     VALUES (@id, @roundId, @city, @province, @applicant, @createdAt)`,
  );
  const insertDocument = db.prepare(
    `INSERT INTO document (application_id, sha256, name, kind, position) VALUES (?, ?, ?, ?, ?)`,
  );
  const selectApplications = db.prepare<[string], Omit<Application, 'documents'>>(
    // Applications of a received package share one created_at: they keep the package's order.
    `SELECT a.id, a.round_id AS roundId, a.city, a.province, a.applicant, a.created_at AS createdAt
     FROM application a LEFT JOIN received_application r ON r.application_id = a.id
     WHERE a.round_id = ? ORDER BY a.created_at, r.position, a.id`,
  );
  const selectDocuments = db.prepare<[string], DocumentRow>(
    `SELECT d.application_id AS applicationId, d.sha256, d.name, d.kind, b.pages, b.bytes, b.encryption, b.title,
            b.text_status AS textStatus, b.text_pages AS textPages
     FROM document d JOIN blob b ON b.sha256 = d.sha256 JOIN application a ON a.id = d.application_id
     WHERE a.round_id = ? ORDER BY d.application_id, d.position`,
  );
  const selectBlobForReader = db.prepare<[string], { sha256: string; pages: number; password: string | null }>(
    `SELECT sha256, pages, password FROM blob WHERE sha256 = ?`,
  );
  const selectApplication = db.prepare<[string], Omit<Application, 'documents'>>(
    `SELECT id, round_id AS roundId, city, province, applicant, created_at AS createdAt FROM application WHERE id = ?`,
  );
  const updateApplication = db.prepare(
    `UPDATE application SET city = @city, province = @province, applicant = @applicant WHERE id = @id`,
  );
  const updateDocumentKind = db.prepare<[string, string, string]>(`UPDATE document SET kind = ? WHERE application_id = ? AND sha256 = ?`);
  const blobExists = db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM blob WHERE sha256 = ?`);

  return {
    hasBlob: (sha256: string) => (blobExists.get(sha256)?.n ?? 0) > 0,
    blobForReader: (sha256: string) => selectBlobForReader.get(sha256),

    /** Blob rows and the application with its documents, all in one transaction. */
    insertApplication: db.transaction((blobs: readonly NewBlob[], application: NewApplication) => {
      for (const blob of blobs) {
        insertBlob.run({ sha256: blob.sha256, bytes: blob.bytes, password: blob.password, storedAt: blob.storedAt, ...blob.info });
        if (blob.password !== null) updatePassword.run(blob.password, blob.sha256);
      }
      insertApplication.run(application);
      application.documents.forEach((doc, position) => {
        insertDocument.run(application.id, doc.sha256, doc.name, doc.kind, position);
      });
    }),

    getApplication(id: string): Application | undefined {
      const app = selectApplication.get(id);
      return app === undefined ? undefined : this.listApplications(app.roundId).find((a) => a.id === id);
    },

    updateApplication(id: string, fields: Pick<Application, 'city' | 'province' | 'applicant'>): void {
      updateApplication.run({ id, ...fields });
    },

    /** False when the application has no such document. */
    updateDocumentKind(applicationId: string, sha256: string, kind: DocKind): boolean {
      return updateDocumentKind.run(kind, applicationId, sha256).changes > 0;
    },

    listApplications(roundId: string): Application[] {
      const documents = new Map<string, DocumentSummary[]>();
      for (const { applicationId, ...doc } of selectDocuments.all(roundId)) {
        const list = documents.get(applicationId) ?? [];
        list.push(doc);
        documents.set(applicationId, list);
      }
      return selectApplications.all(roundId).map((app) => ({ ...app, documents: documents.get(app.id) ?? [] }));
    },
  };
}

export type ApplicationRepository = ReturnType<typeof createApplicationRepository>;
