package io.vitsearch.worker;

import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Registers one {@link Worker} bean per entry of {@code vitsearch.worker.devices}, named
 * {@code worker-<device>}. The device list has to be read from the environment here, before beans
 * exist, because the number of beans depends on it.
 */
class WorkerRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        WorkerProperties properties = Binder.get(environment).bindOrCreate("vitsearch.worker", WorkerProperties.class);
        for (String device : properties.devices()) {
            RootBeanDefinition worker = new RootBeanDefinition(Worker.class);
            // The device is the first constructor argument; the queue, pipelines and settings are autowired.
            worker.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
            worker.getConstructorArgumentValues().addIndexedArgumentValue(0, device);
            registry.registerBeanDefinition("worker-" + device, worker);
        }
    }
}
