package com.ccgateway.emulator;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class EmulatorWebConfiguration implements WebMvcConfigurer {

    private final Faults faults;

    EmulatorWebConfiguration(Faults faults) {
        this.faults = faults;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(faults).addPathPatterns("/agentgateway/**");
    }
}
