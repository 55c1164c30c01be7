package org.muster.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.muster.app.Servers;
import org.muster.app.provisioning.ProvisioningLoader;
import org.muster.core.config.HostPort;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.client.RegroupNotification;
import org.muster.sip.server.MusterServer;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dispatcher's console in a real headless browser (Debian's chromium through its
 * chromedriver, never a downloaded driver), against a real server with real SIP clients: a
 * regroup made over SIP appears without a reload, an unauthorized user's create is refused in the
 * page, a cancel from the page reaches the clients, and a preview and a create from the page work;
 * with an admin token, the page asks for it and goes live once given the right one. The page as the dispatcher saw it is kept
 * as {@code target/console/console.png}. Skipped when chromium or chromedriver is not installed
 * ({@code ./test} installs them).
 */
class ConsoleIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOT = Path.of("target", "console", "console.png");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String YAML = """
      system:
        id: metro
        domain: metro.example
        sip: 127.0.0.1:0%s
      users:
        - id: sip:disp1@metro.example
          may: [group-regroup, user-regroup, cancel-regroup]
          password: disp1-secret
        - id: sip:ff1@metro.example
          password: ff1-secret
        - id: sip:ff2@metro.example
          password: ff2-secret
        - id: sip:pol1@metro.example
          password: pol1-secret
        - id: sip:pol2@metro.example
          password: pol2-secret
      groups:
        - id: sip:fire@metro.example
          members: [sip:ff1@metro.example, sip:ff2@metro.example]
        - id: sip:police@metro.example
          members: [sip:pol1@metro.example, sip:pol2@metro.example]
        - id: sip:tmpl-incident@metro.example
          preconfigured-regroup-only: true
          broadcast: true
          members: [sip:ff1@metro.example, sip:ff2@metro.example, sip:pol1@metro.example, sip:pol2@metro.example]
      """;
  private MusterServer server;
  private AdminHttp admin;
  private WebDriver browser;
  private final List<McClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "ConsoleIT skipped: needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + "); ./test installs them");
    browser = chromium();
  }

  /** The server, with {@code system} lines added to its provisioning. */
  private void serve(String system) throws Exception {
    server = Servers.inMemory(ProvisioningLoader.parse(YAML.formatted(system), "console.yaml"));
    admin = AdminHttp.start(server, new HostPort("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    clients.forEach(McClient::close);
    if (admin != null) admin.close();
    if (server != null) server.close();
  }

  @Test
  void aDispatcherWatchesARegroupFormAndCancelsIt() throws Exception {
    serve("");
    McClient disp = client("disp1");
    McClient ff1 = client("ff1");
    McClient pol1 = client("pol1");
    McClient pol2 = client("pol2", false); // answers the regroup request with an error
    assertThat(ff1.affiliate(McService.MCPTT, List.of(group("fire"))).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(pol1.affiliate(McService.MCPTT, List.of(group("police"))).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(pol2.affiliate(McService.MCPTT, List.of(group("police"))).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);

    browser.get("http://127.0.0.1:" + admin.port() + "/");
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
    ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");
    assertThat(text("regroups")).contains("No active regroup.");

    // (1) a regroup made over SIP appears in the page without a reload
    assertThat(disp.regroup(McService.MCPTT, group("rg-1"), group("tmpl-incident"),
        new RegroupTargets.Groups(List.of(group("fire"), group("police")))).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    By card = By.cssSelector("article[data-regroup='sip:rg-1@metro.example']");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(card, "2 of 4 acknowledged / 3 of 4 affiliated"));
    // the member whose client answered with an error is highlighted
    By failed = By.cssSelector("article[data-regroup='sip:rg-1@metro.example'] tr.problem[data-user='sip:pol2@metro.example']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(failed));
    assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;")).isEqualTo(true);
    String shown = textOf("article[data-regroup='sip:rg-1@metro.example']");
    assertThat(shown).contains("sip:fire@metro.example, sip:police@metro.example").contains("sip:tmpl-incident@metro.example")
        .contains("Requester\nsip:disp1@metro.example").contains("broadcast").contains("mcptt");
    // every listed member, ff2 too (not registered)
    String ff2 = "article[data-regroup='sip:rg-1@metro.example'] tr.unregistered[data-user='sip:ff2@metro.example']";
    assertThat(textOf(ff2)).contains("not registered");
    // the history below, from /api/history: the create's line
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "formed"));
    assertThat(text("history")).contains("create").contains("sip:rg-1@metro.example").contains("sip:disp1@metro.example")
        .doesNotContain("History is not available");

    // (3) a user without group-regroup is refused, in the page, as over SIP
    signIn("sip:pol1@metro.example", "pol1-secret");
    browser.findElement(By.id("regroup-group")).sendKeys("sip:rg-2@metro.example");
    browser.findElement(By.id("preconfigured")).sendKeys("sip:tmpl-incident@metro.example");
    browser.findElement(By.id("targets")).sendKeys("sip:police@metro.example");
    browser.findElement(By.id("create")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result-text"), "refused"));
    assertThat(text("result")).contains("Create of sip:rg-2@metro.example refused: 403").contains("not authorized");
    assertThat(browser.findElements(By.cssSelector("article[data-regroup='sip:rg-2@metro.example']"))).isEmpty();

    // a wrong password does not sign in
    browser.findElement(By.id("signout")).click();
    signIn("sip:disp1@metro.example", "not-the-secret");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result-text"), "Sign-in failed"));
    assertThat(text("result")).contains("wrong credentials");

    // (2) the authorized dispatcher cancels from the page; the clients get the cancel request
    signIn("sip:disp1@metro.example", "disp1-secret");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result-text"), "Signed in as sip:disp1@metro.example"));
    By cancel = By.cssSelector("article[data-regroup='sip:rg-1@metro.example'] button.cancel");
    wait.until(ExpectedConditions.elementToBeClickable(cancel));
    screenshot();
    // the page redraws its regroups on every event: a button found may be gone before the click
    wait.until(d -> {
      try {
        d.findElement(cancel).click();
        return true;
      } catch (StaleElementReferenceException redrawn) {
        return false;
      }
    });
    for (McClient c : List.of(ff1, pol1, pol2)) {
      RegroupNotification n = c.awaitNotification(RegroupNotification::cancel, WAIT).orElseThrow();
      assertThat(n.regroupGroup()).isEqualTo(group("rg-1"));
    }
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result-text"), "Cancel of sip:rg-1@metro.example: cancelled"));
    // and the history gets the cancel's line, who cancelled included
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "cancelled, by sip:disp1@metro.example"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(card));
    assertThat(text("regroups")).contains("No active regroup.");

    // preview, then create from the page (the form still holds rg-2 of police): the clients get the request
    browser.findElement(By.id("preview")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result-text"), "Preview of sip:rg-2@metro.example: formed (200)"));
    assertThat(text("result")).contains("would notify 2 client(s): ").contains("sip:pol1@metro.example").contains("sip:pol2@metro.example");
    assertThat(browser.findElements(By.cssSelector("article[data-regroup='sip:rg-2@metro.example']"))).isEmpty();
    browser.findElement(By.id("create")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result-text"), "Create of sip:rg-2@metro.example: formed"));
    RegroupNotification formed = pol1.awaitNotification(n -> !n.cancel() && n.regroupGroup().equals(group("rg-2")), WAIT).orElseThrow();
    assertThat(formed.requester()).contains(McServiceId.of("sip:disp1@metro.example"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("article[data-regroup='sip:rg-2@metro.example']"),
        "Requester\nsip:disp1@metro.example"));
    assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;")).isEqualTo(true);
  }

  /** Signs in on the page and waits for the page to say how it went. */
  @Test
  void withAnAdminTokenThePageAsksForItAndThenGoesLive() throws Exception {
    String token = "console-token-0123456789";
    serve("\n  admin-token: " + token);
    browser.get("http://127.0.0.1:" + admin.port() + "/");
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    assertThat(text("live")).isEqualTo("admin token needed");
    browser.findElement(By.id("token")).sendKeys("not-" + token);
    ((JavascriptExecutor) browser).executeScript("document.getElementById('live').textContent = '';");
    browser.findElement(By.cssSelector("#token-form button")).click();
    wait.until(ExpectedConditions.textToBe(By.id("live"), "admin token needed"));
    browser.findElement(By.id("token")).clear();
    browser.findElement(By.id("token")).sendKeys(token);
    browser.findElement(By.cssSelector("#token-form button")).click();
    wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
    assertThat(text("system")).isEqualTo("metro (metro.example)");
    assertThat(browser.findElement(By.id("token-panel")).isDisplayed()).isFalse();
  }

  private void signIn(String user, String password) {
    ((JavascriptExecutor) browser).executeScript("document.getElementById('result').textContent = '';");
    WebElement name = browser.findElement(By.id("operator"));
    name.clear();
    name.sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("signin")).click();
    new WebDriverWait(browser, WAIT).until(d -> !String.valueOf(((JavascriptExecutor) d).executeScript(
        "return document.getElementById('result').textContent;")).isEmpty());
  }

  private String text(String id) {
    return textOf("#" + id);
  }

  /**
   * The text of what {@code css} selects, read in one step in the page: the page replaces its
   * regroups on every event, so an element found first and read later may be gone.
   */
  private String textOf(String css) {
    return String.valueOf(((JavascriptExecutor) browser).executeScript(
        "const e = document.querySelector(arguments[0]); return e === null ? null : e.innerText;", css));
  }

  private void screenshot() throws Exception {
    Files.createDirectories(SCREENSHOT.getParent());
    File png = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(png.toPath(), SCREENSHOT, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private McClient client(String name) throws Exception {
    return client(name, true);
  }

  private McClient client(String name, boolean acknowledges) throws Exception {
    McClient c = McClient.start(ClientOptions.loopback(McServiceId.of("sip:" + name + "@metro.example"), "metro.example", server.sipPort())
        .withPassword(name + "-secret").withAcknowledge(acknowledges));
    clients.add(c);
    assertThat(c.register(List.of(McService.values()), 600).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    return c;
  }

  private static McServiceGroupId group(String name) {
    return McServiceGroupId.of("sip:" + name + "@metro.example");
  }

  /** Debian's chromium, headless, through Debian's chromedriver (Selenium Manager never runs: the driver is given). */
  static WebDriver chromium() throws Exception {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    Path profile = Files.createTempDirectory("muster-chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }
}
