import { type PDFPage, fill, popGraphicsState, pushGraphicsState, rectangle, setFillingRgbColor } from 'pdf-lib';
import QRCode from 'qrcode';

/**
 * A QR code as vector paths (qrcode's module matrix, no raster image): crisp when
 * printed at any size and scanned off paper. Each row's runs of dark modules become one
 * rectangle, all filled in one operation. A quiet zone of four modules is part of `size`.
 */

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

export interface QrPlacement {
  /** Bottom-left corner, in PDF points. */
  x: number;
  y: number;
  /** Side of the whole square, quiet zone included. */
  size: number;
  errorCorrection?: QrErrorCorrection;
}

export interface QrInfo {
  version: number;
  modules: number;
}

const QUIET_MODULES = 4;

export function drawQrCode(page: PDFPage, text: string, placement: QrPlacement): QrInfo {
  const code = QRCode.create(text, { errorCorrectionLevel: placement.errorCorrection ?? 'M' });
  const count = code.modules.size;
  const cell = placement.size / (count + 2 * QUIET_MODULES);
  const operators = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)];
  for (let row = 0; row < count; row += 1) {
    // PDF's y axis points up: the matrix's row 0 is the top row.
    const top = placement.y + placement.size - (QUIET_MODULES + row) * cell;
    let column = 0;
    while (column < count) {
      if (!code.modules.get(row, column)) {
        column += 1;
        continue;
      }
      let end = column;
      while (end < count && code.modules.get(row, end)) end += 1;
      operators.push(rectangle(placement.x + (QUIET_MODULES + column) * cell, top - cell, (end - column) * cell, cell));
      column = end;
    }
  }
  operators.push(fill(), popGraphicsState());
  page.pushOperators(...operators);
  return { version: code.version, modules: count };
}
