/**
 * The api-versions Azure accepts for Microsoft.Web (sites, serverfarms and their children share
 * one list). Old ones stay because clients pin them: az 2.45 sends 2022-03-01, azurerm v3
 * 2021-02-01, @azure/arm-appservice 19 2025-05-01.
 */
export const WEB_API_VERSIONS: readonly string[] = [
  "2014-04-01",
  "2014-04-01-preview",
  "2014-06-01",
  "2014-11-01",
  "2015-02-01",
  "2015-04-01",
  "2015-05-01",
  "2015-06-01",
  "2015-07-01",
  "2015-08-01",
  "2015-08-01-preview",
  "2015-11-01",
  "2016-03-01",
  "2016-08-01",
  "2016-09-01",
  "2017-08-01",
  "2018-02-01",
  "2018-11-01",
  "2019-08-01",
  "2020-06-01",
  "2020-09-01",
  "2020-10-01",
  "2020-12-01",
  "2021-01-01",
  "2021-01-15",
  "2021-02-01",
  "2021-03-01",
  "2022-03-01",
  "2022-09-01",
  "2023-01-01",
  "2023-12-01",
  "2024-04-01",
  "2024-11-01",
  "2025-03-01",
  "2025-05-01",
];

/** webAppStacks appeared with 2020-10-01. */
export const WEB_APP_STACKS_API_VERSIONS: readonly string[] = WEB_API_VERSIONS.filter((v) => v >= "2020-10-01");
