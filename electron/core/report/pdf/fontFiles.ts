/**
 * The CJK font the PDF reports embed, as shipped with the app: Noto Sans SC 2.004,
 * static TrueType (glyf outlines), Regular and Bold, from the npm package
 * @expo-google-fonts/noto-sans-sc@0.4.3 (a devDependency: only these three files ship).
 *
 * Why this font: it covers GB 18030's common set and the rarer characters in people's
 * names (喆 堃 昇 珺 犇), its licence (OFL-1.1) allows embedding and subsetting, and it
 * is static TrueType, which fontkit subsets reliably (the CID-keyed CFF Noto builds
 * produced larger subsets in the spike).
 *
 * The build copies the files flat into out/main/fonts/ (electron.vite.config.ts,
 * reportFontsAsset); fontLocator.ts finds them there, or in node_modules when running
 * from source. Pure data: the Vite config imports it too.
 */
export const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';

/** The folder beside the built entry points (out/main/) that holds the files. */
export const BUILT_FONT_DIR = 'fonts';

export const FONT_LICENSE_SPDX = 'OFL-1.1';

export type FontWeight = 'regular' | 'bold';

/** Each file's place inside the npm package, and its name in the build output. */
export const REPORT_FONT_FILES = {
  regular: { inPackage: '400Regular/NotoSansSC_400Regular.ttf', name: 'NotoSansSC_400Regular.ttf' },
  bold: { inPackage: '700Bold/NotoSansSC_700Bold.ttf', name: 'NotoSansSC_700Bold.ttf' },
  license: { inPackage: 'LICENSE_FONT', name: 'LICENSE_FONT' },
} as const;
