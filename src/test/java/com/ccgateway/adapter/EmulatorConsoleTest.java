package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.ccgateway.LocalStack;

/**
 * The emulator console in a real browser (Debian's headless Chromium): it lists the signed-in agents, rings
 * a phone, sends the reject through the adapter's REST API (CORS, the adapter's API key) and shows the
 * result and both triggered events from the live event stream. The screenshot is the README's.
 */
@AdapterIntegrationTest
class EmulatorConsoleTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOT = Path.of("target", "emulator-console.png");

    private static WebDriver browser;

    @LocalServerPort
    int port;

    private final Agents agents = new Agents();

    @BeforeAll
    static void startBrowser() {
        assertThat(CHROMIUM).as("Chromium (apt-get install chromium chromium-driver; .ci/install-chromium)").isExecutable();
        assertThat(CHROMEDRIVER).as("ChromeDriver (apt-get install chromium-driver)").isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100");
        // the emulator's certificate is made at start-up; the adapter trusts it through its truststore
        options.setAcceptInsecureCerts(true);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void ringsAPhoneAndRejectsTheCallThroughTheAdapter() {
        String agentId = agents.signedInAgent();
        connect(LocalStack.EMULATOR_CONTROL_KEY);
        await().until(d -> d.findElement(By.id("agent-" + agentId)));
        assertThat(phoneOf(agentId)).isEqualTo("IDLE");

        click(agentId, "ring");
        await().until(d -> phoneOf(agentId).equals("RINGING"));
        awaitEvent(agentId, "AgentOther_PhoneAlerting");

        click(agentId, "reject");
        await().until(ExpectedConditions.attributeToBe(By.id("result"), "data-status", "SUCCEEDED"));
        awaitEvent(agentId, "AgentOther_PhoneRelease");
        awaitEvent(agentId, "AgentEvent_No_Answer");
        await().until(d -> phoneOf(agentId).equals("IDLE"));

        assertThat(agents.phoneHangUps(agentId)).hasSize(1);
        screenshot();
    }

    @Test
    void withoutTheControlKeyItShowsNoAgent() {
        agents.signedInAgent();
        connect("not-the-key");

        await().until(d -> !d.findElement(By.id("status")).getText().isBlank());
        assertThat(browser.findElement(By.id("status")).getText()).contains("403");
        assertThat(browser.findElements(By.cssSelector("#agents tr[id^=agent-]"))).isEmpty();
    }

    /** A fresh page, its settings filled in as a user would. */
    private void connect(String controlKey) {
        browser.get(LocalStackInitializer.stack().emulatorUrl() + "/");
        type("control-key", controlKey);
        type("adapter-url", "http://localhost:" + port);
        type("adapter-key", LocalStack.DEV_API_KEY);
        browser.findElement(By.id("connect")).click();
    }

    private static void type(String field, String value) {
        WebElement input = browser.findElement(By.id(field));
        input.clear();
        input.sendKeys(value);
    }

    private static String phoneOf(String agentId) {
        return browser.findElement(By.cssSelector("#agent-" + agentId + " .phone")).getText();
    }

    /** Clicks the agent's button once it is enabled (the row is redrawn when the agent changes). */
    private static void click(String agentId, String action) {
        By button = By.cssSelector("#agent-" + agentId + " button[data-action=" + action + "]");
        await().until(d -> {
            WebElement enabled = d.findElement(button);
            if (!enabled.isEnabled()) {
                return false;
            }
            enabled.click();
            return true;
        });
    }

    private static void awaitEvent(String agentId, String eventType) {
        await().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#events li[data-agent='" + agentId + "'][data-event-type='" + eventType + "']")));
    }

    private static WebDriverWait await() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private static void screenshot() {
        try {
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
