import { Checkbox, Col, Divider, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type QualitativeField, qualitativeFieldIds } from '../../../../shared/domain/rubric';
import { useRubricEditorContext } from './editorContext';
import { type RubricDraft, optionalText, qualitativeField, replaceItem } from './rubricDraft';
import { NumberField, TextField } from './RubricFields';
import { RecommendationsEditor } from './RecommendationsEditor';

type FieldId = QualitativeField['id'];

/** Everything but the criteria: the rubric's name, the written judgement, recommendations and the aggregation thresholds. */
export function RubricSettings({ draft }: { draft: RubricDraft }) {
  const { t } = useTranslation();
  const { edit } = useRubricEditorContext();
  const share = draft.disagreementThreshold;
  return (
    <div data-testid="rubric-settings">
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <TextField path={['name']} label={t('rubric.field.name')} required value={draft.name} onChange={(name) => edit((next) => ({ ...next, name }))} testId="rubric-name" />
        </Col>
        <Col xs={24} md={12}>
          <TextField
            path={['nameEn']}
            label={t('rubric.field.nameEn')}
            placeholder={t('rubric.englishOptional')}
            value={draft.nameEn}
            onChange={(text) => edit((next) => ({ ...next, nameEn: optionalText(text) }))}
          />
        </Col>
      </Row>

      <Divider titlePlacement="start">{t('rubric.field.qualitative')}</Divider>
      <Typography.Paragraph type="secondary">{t('rubric.qualitativeIntro')}</Typography.Paragraph>
      {qualitativeFieldIds.map((id) => (
        <QualitativeRow key={id} draft={draft} id={id} />
      ))}

      <Divider titlePlacement="start">{t('rubric.field.recommendations')}</Divider>
      <RecommendationsEditor draft={draft} />

      <Divider titlePlacement="start">{t('rubric.thresholds')}</Divider>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <NumberField
            path={['disagreementThreshold']}
            label={t('rubric.field.disagreementThreshold')}
            required
            value={share}
            step={0.05}
            width={160}
            extra={
              <>
                {share !== null && share > 0 && share <= 1 && <div>{t('rubric.disagreementPoints', { percent: Math.round(share * 1000) / 10 })}</div>}
                <div>{t('rubric.disagreementHelp')}</div>
              </>
            }
            onChange={(value) => edit((next) => ({ ...next, disagreementThreshold: value }))}
            testId="rubric-disagreement"
          />
        </Col>
        <Col xs={24} md={12}>
          <NumberField
            path={['trimThreshold']}
            label={t('rubric.field.trimThreshold')}
            required
            value={draft.trimThreshold}
            step={1}
            width={160}
            extra={t('rubric.trimHelp')}
            onChange={(value) => edit((next) => ({ ...next, trimThreshold: value }))}
            testId="rubric-trim"
          />
        </Col>
      </Row>
    </div>
  );
}

/** One written-judgement field: asked or not, and its title. */
function QualitativeRow({ draft, id }: { draft: RubricDraft; id: FieldId }) {
  const { t } = useTranslation();
  const { readOnly, edit } = useRubricEditorContext();
  const found = qualitativeField(draft, id);
  const fallback = t(`rubric.qualitativeDefault.${id}`);
  const toggle = (on: boolean) =>
    edit((next) => {
      const present = next.qualitative.filter((field) => field.id !== id);
      if (!on) return { ...next, qualitative: present };
      // Kept in the fixed order strengths, issues, as the score sheet shows them.
      const field: QualitativeField = { id, title: fallback };
      const fields = [...present, field].sort((a, b) => qualitativeFieldIds.indexOf(a.id) - qualitativeFieldIds.indexOf(b.id));
      return { ...next, qualitative: fields };
    });
  const change = (patch: Partial<QualitativeField>) =>
    edit((next) => {
      const current = qualitativeField(next, id);
      return current === undefined ? next : { ...next, qualitative: replaceItem(next.qualitative, current.index, { ...current.field, ...patch }) };
    });
  return (
    <Row gutter={16} align="top" data-testid={`qualitative-${id}`}>
      <Col xs={24} md={4} style={{ paddingTop: 5 }}>
        <Checkbox checked={found !== undefined} disabled={readOnly} onChange={(event) => toggle(event.target.checked)} data-testid={`qualitative-${id}-on`}>
          {fallback}
        </Checkbox>
      </Col>
      {found !== undefined && (
        <>
          <Col xs={24} md={10}>
            <TextField
              path={['qualitative', found.index, 'title']}
              label={t('rubric.field.title')}
              hideLabel
              placeholder={fallback}
              value={found.field.title}
              onChange={(title) => change({ title })}
              testId={`qualitative-${id}-title`}
            />
          </Col>
          <Col xs={24} md={10}>
            <TextField
              path={['qualitative', found.index, 'titleEn']}
              label={t('rubric.field.titleEn')}
              hideLabel
              placeholder={t('rubric.englishOptional')}
              value={found.field.titleEn}
              onChange={(text) => change({ titleEn: optionalText(text) })}
            />
          </Col>
        </>
      )}
    </Row>
  );
}
