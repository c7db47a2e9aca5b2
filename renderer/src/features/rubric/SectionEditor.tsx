import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RUBRIC_LIMITS } from '../../../../shared/domain/rubric';
import { CriteriaTable } from './CriteriaTable';
import { setSection } from './draftEdits';
import { useRubricEditorContext } from './editorContext';
import { type DraftSection, type RubricDraft, draftSectionTotal, moveItem, newCriterion, optionalText, removeItem } from './rubricDraft';
import { TextField } from './RubricFields';
import { RowActions } from './RowActions';

interface Props {
  draft: RubricDraft;
  s: number;
  section: DraftSection;
}

/** A section (一、基础条件): its titles and id, its subtotal, its criteria. */
export function SectionEditor({ draft, s, section }: Props) {
  const { t } = useTranslation();
  const { readOnly, edit, issues, requestFocus } = useRubricEditorContext();
  const at = (field: string) => ['sections', s, field];
  const name = section.title.trim() !== '' ? section.title : t('rubric.location.sections', { n: s + 1 });
  const listMessages = issues.messagesAt(at('criteria'));

  const addCriterion = () => {
    const criterion = newCriterion(draft, t('rubric.newCriterionTitle'));
    edit((next) => setSection(next, s, (current) => ({ ...current, criteria: [...current.criteria, criterion] })));
    requestFocus(`${criterion.key}-title`);
  };

  return (
    <Card size="small" styles={{ body: { padding: 12 } }} data-testid="rubric-section">
      <Flex gap={12} align="flex-start" wrap>
        <div style={{ flex: '2 1 260px' }}>
          <TextField
            path={at('title')}
            label={t('rubric.field.title')}
            hideLabel
            placeholder={t('rubric.sectionTitlePlaceholder')}
            value={section.title}
            onChange={(title) => edit((next) => setSection(next, s, { title }))}
            focusId={`${section.key}-title`}
            testId="section-title"
          />
        </div>
        <div style={{ flex: '2 1 220px' }}>
          <TextField
            path={at('titleEn')}
            label={t('rubric.field.titleEn')}
            hideLabel
            placeholder={t('rubric.englishOptional')}
            value={section.titleEn}
            onChange={(text) => edit((next) => setSection(next, s, { titleEn: optionalText(text) }))}
          />
        </div>
        <div style={{ flex: '0 1 170px' }}>
          <TextField
            path={at('id')}
            label={t('rubric.field.id')}
            hideLabel
            monospace
            prefix={<Typography.Text type="secondary">{t('rubric.field.id')}</Typography.Text>}
            value={section.id}
            onChange={(id) => edit((next) => setSection(next, s, { id }))}
            testId="section-id"
          />
        </div>
        <Flex align="center" gap={4} style={{ minHeight: 32 }}>
          <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="section-total">
            {t('rubric.subtotal', { total: draftSectionTotal(section) })}
          </Tag>
          <Tag style={{ marginInlineEnd: 0 }}>{t('rubric.criterionCount', { count: section.criteria.length })}</Tag>
          <RowActions
            rowKey={section.key}
            name={name}
            onMove={(direction) => edit((next) => ({ ...next, sections: moveItem(next.sections, s, s + direction) }))}
            canMoveUp={s > 0}
            canMoveDown={s < draft.sections.length - 1}
            onRemove={() => edit((next) => ({ ...next, sections: removeItem(next.sections, s) }))}
            canRemove={draft.sections.length > 1}
            removeConfirm={t('rubric.removeSectionConfirm', { title: name, count: section.criteria.length })}
            testId="section"
          />
        </Flex>
      </Flex>
      {listMessages.map((text) => (
        <Typography.Text type="danger" key={text}>
          {text}
        </Typography.Text>
      ))}
      <div style={{ marginTop: 8 }}>
        <CriteriaTable draft={draft} s={s} section={section} />
      </div>
      {!readOnly && (
        <Button
          type="dashed"
          block
          icon={<PlusOutlined />}
          style={{ marginTop: 8 }}
          disabled={section.criteria.length >= RUBRIC_LIMITS.criteriaPerSection}
          onClick={addCriterion}
          data-testid="add-criterion"
        >
          {t('rubric.addCriterion')}
        </Button>
      )}
    </Card>
  );
}
