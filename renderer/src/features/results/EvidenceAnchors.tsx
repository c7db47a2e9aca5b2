import { FileSearchOutlined } from '@ant-design/icons';
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EvidenceAnchor } from '../../../../shared/domain/scoreBundle';
import { useNavigation } from '../../navigation';
import { useApplications } from '../applications/applicationStore';

interface Props {
  roundId: string;
  applicationId: string;
  anchors: readonly EvidenceAnchor[];
}

/**
 * The passages an expert attached to a score: page and quote, and a link that opens the
 * document in the reader at that page when the round holds the document (an anchor to
 * a file the round does not have stays as text).
 */
export function EvidenceAnchors({ roundId, applicationId, anchors }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigation((s) => s.navigate);
  const documents = useApplications((s) => (s.roundId === roundId ? (s.applications.find((application) => application.id === applicationId)?.documents ?? []) : []));
  return (
    <Flex vertical gap={4} data-testid="evidence-anchors">
      {anchors.map((anchor, index) => {
        const document = documents.find((candidate) => candidate.sha256 === anchor.sha256);
        const where = document === undefined ? t('resultsUi.evidencePage', { page: anchor.page }) : t('resultsUi.evidenceDocPage', { name: document.name, page: anchor.page });
        return (
          <div key={`${anchor.sha256}-${anchor.page}-${index}`} className="pr-evidence-anchor">
            {document === undefined ? (
              <Typography.Text type="secondary">{where}</Typography.Text>
            ) : (
              <Typography.Link
                onClick={() => navigate({ view: 'reader', roundId, sha256: anchor.sha256, page: anchor.page, query: null, app: applicationId })}
                data-testid="evidence-open"
              >
                <FileSearchOutlined /> {where}
              </Typography.Link>
            )}
            {anchor.quote !== '' && <Typography.Paragraph className="pr-evidence-quote">“{anchor.quote}”</Typography.Paragraph>}
          </div>
        );
      })}
    </Flex>
  );
}
