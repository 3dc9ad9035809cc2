/** Messages of the feature: Relay sync, organisations and devices. Keys are prefixed with the feature's name. */
import { defineMessages } from '../define';

export const syncMessages = defineMessages({
  en: {},
  'zh-CN': {},
  fr: {},
  nl: {}
});
