/** Messages of the feature: Case files. Keys are prefixed with the feature's name. */
import { defineMessages } from '../define';

export const caseFilesMessages = defineMessages({
  en: {},
  'zh-CN': {},
  fr: {},
  nl: {}
});
