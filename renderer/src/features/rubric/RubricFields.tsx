import { Form, Input, InputNumber } from 'antd';
import type { ReactNode } from 'react';
import { type IssuePath } from './rubricIssues';
import { fieldId, useRubricEditorContext } from './editorContext';

interface FieldFrame {
  /** Where the field sits in the rubric: its validation messages are the ones at this path. */
  path: IssuePath;
  /** The field's label; also its accessible name where the label is not shown (table cells). */
  label: string;
  hideLabel?: boolean;
  /** Marks the field but leaves its messages to be shown elsewhere (a table row's line below it). */
  hideMessages?: boolean;
  /** Shown under the field while it has no problem. */
  extra?: ReactNode;
  required?: boolean;
  testId?: string;
  /** For requestFocus(): the field to land on after a row is added. */
  focusId?: string;
}

/** A labelled field with its own validation messages under it, in the rubric editor's form. */
function Frame({ path, label, hideLabel, hideMessages, extra, required, children }: FieldFrame & { children: ReactNode }) {
  const { issues } = useRubricEditorContext();
  const messages = issues.messagesAt(path);
  const invalid = messages.length > 0;
  return (
    <Form.Item
      label={hideLabel === true ? undefined : label}
      htmlFor={fieldId(path)}
      required={required}
      validateStatus={invalid ? 'error' : undefined}
      help={invalid && hideMessages !== true ? messages.map((text) => <div key={text}>{text}</div>) : undefined}
      extra={extra}
      style={{ marginBottom: hideLabel === true ? 0 : 12 }}
    >
      {children}
    </Form.Item>
  );
}

interface TextFieldProps extends FieldFrame {
  value: string | undefined;
  onChange(value: string): void;
  placeholder?: string;
  maxLength?: number;
  monospace?: boolean;
  /** Inside the box, before the text: names a field whose label is not shown. */
  prefix?: ReactNode;
}

export function TextField({ value, onChange, placeholder, maxLength, monospace, prefix, ...frame }: TextFieldProps) {
  const { issues } = useRubricEditorContext();
  return (
    <Frame {...frame}>
      <Input
        id={fieldId(frame.path)}
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        maxLength={maxLength}
        prefix={prefix}
        aria-label={frame.hideLabel === true ? frame.label : undefined}
        aria-invalid={issues.messagesAt(frame.path).length > 0}
        style={monospace === true ? { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' } : undefined}
        data-testid={frame.testId}
        data-focus-id={frame.focusId}
      />
    </Frame>
  );
}

export function TextAreaField({ value, onChange, placeholder, maxLength, ...frame }: Omit<TextFieldProps, 'prefix' | 'monospace'>) {
  const { issues } = useRubricEditorContext();
  return (
    <Frame {...frame}>
      <Input.TextArea
        id={fieldId(frame.path)}
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        maxLength={maxLength}
        autoSize={{ minRows: 2, maxRows: 8 }}
        aria-label={frame.hideLabel === true ? frame.label : undefined}
        aria-invalid={issues.messagesAt(frame.path).length > 0}
        data-testid={frame.testId}
      />
    </Frame>
  );
}

interface NumberFieldProps extends FieldFrame {
  value: number | null | undefined;
  onChange(value: number | null): void;
  step?: number;
  suffix?: ReactNode;
  width?: number | string;
}

/**
 * What a number box shows when not being typed in: the number as it is ("12", not the
 * "12.0" the box would pad to its step's decimals); while typing, exactly what was typed.
 */
function plainNumber(value: number | string | undefined, { userTyping, input }: { userTyping: boolean; input: string }): string {
  if (userTyping) return input;
  const number = Number(value);
  return value === undefined || value === '' || !Number.isFinite(number) ? String(value ?? '') : String(number);
}

/** No min or max on the box: it would clamp what was typed; the schema's message says what is wrong instead. */
export function NumberField({ value, onChange, step, suffix, width, ...frame }: NumberFieldProps) {
  const { issues } = useRubricEditorContext();
  return (
    <Frame {...frame}>
      <InputNumber<number>
        id={fieldId(frame.path)}
        value={value ?? null}
        // Typed text counts as it is typed, so the total and the messages follow every key.
        onChange={(next) => onChange(typeof next === 'number' && Number.isFinite(next) ? next : null)}
        step={step ?? 1}
        formatter={plainNumber}
        suffix={suffix}
        aria-label={frame.hideLabel === true ? frame.label : undefined}
        aria-invalid={issues.messagesAt(frame.path).length > 0}
        style={{ width: width ?? '100%' }}
        data-testid={frame.testId}
        data-focus-id={frame.focusId}
      />
    </Frame>
  );
}
