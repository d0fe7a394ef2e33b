package com.ccgateway.emulator;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class EmulatorWebConfiguration implements WebMvcConfigurer {

    private final Faults faults;
    private final ControlKeyCheck controlKey;

    EmulatorWebConfiguration(Faults faults, EmulatorProperties properties) {
        this.faults = faults;
        this.controlKey = new ControlKeyCheck(properties.controlKey());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(faults).addPathPatterns("/agentgateway/**");
        registry.addInterceptor(controlKey).addPathPatterns("/emulator/**");
    }
}
